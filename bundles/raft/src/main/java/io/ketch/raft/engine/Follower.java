package io.ketch.raft.engine;

/** A follower: accepts the leader's entries and heartbeats, starts an election on timeout (§5.2). */
final class Follower extends RoleBehaviour {
    Follower(Raft raft) {
        super(raft);
    }

    @Override
    StateType type() {
        return StateType.FOLLOWER;
    }

    @Override
    void tick() {
        raft.tickElection();
    }

    @Override
    void step(Message m) {
        switch (m.type()) {
            case APP -> {
                raft.electionElapsed = 0;
                raft.lead = m.from();
                raft.handleAppend(m);
            }
            case HEARTBEAT -> {
                raft.electionElapsed = 0;
                raft.lead = m.from();
                raft.handleHeartbeat(m);
            }
            case SNAP -> {
                raft.electionElapsed = 0;
                raft.lead = m.from();
                raft.handleSnapshot(m);
            }
            case PROP, READ_INDEX -> raft.forwardToLeader(m);
            case READ_INDEX_RESP -> raft.readStates.add(new ReadState(m.index(), m.context()));
            case TIMEOUT_NOW -> {
                if (raft.promotable()) {
                    // the leader hands over to us: campaign at once, past the other voters' lease
                    raft.campaign(true);
                }
            }
            default -> { }
        }
    }
}
