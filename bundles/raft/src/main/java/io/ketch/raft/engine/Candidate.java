package io.ketch.raft.engine;

import java.util.HashMap;
import java.util.Map;

/** A candidate: counts votes for itself; a majority makes it leader (§5.2). */
final class Candidate extends RoleBehaviour {
    private final Map<Long, Boolean> votes = new HashMap<>();

    Candidate(Raft raft) {
        super(raft);
    }

    @Override
    StateType type() {
        return StateType.CANDIDATE;
    }

    @Override
    void tick() {
        raft.tickElection();
    }

    /** Records a vote; returns the outcome: 1 won, -1 lost, 0 undecided. */
    int poll(long from, boolean granted) {
        votes.putIfAbsent(from, granted);
        long yes = votes.entrySet().stream().filter(e -> e.getValue() && raft.voters.contains(e.getKey())).count();
        long no = votes.entrySet().stream().filter(e -> !e.getValue() && raft.voters.contains(e.getKey())).count();
        int quorum = raft.quorum();
        return yes >= quorum ? 1 : no >= quorum ? -1 : 0;
    }

    @Override
    void step(Message m) {
        switch (m.type()) {
            case VOTE_RESP -> {
                int outcome = poll(m.from(), !m.reject());
                if (outcome == 1) {
                    raft.becomeLeader();
                } else if (outcome == -1) {
                    raft.becomeFollower(raft.term, 0);
                }
            }
            // a leader of our term exists (§5.2): return to follower and take its message
            case APP, HEARTBEAT, SNAP -> {
                raft.becomeFollower(raft.term, m.from());
                raft.role.step(m);
            }
            default -> { }
        }
    }
}
