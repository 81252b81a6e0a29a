package io.ketch.raft.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The protocol state of one node and the steps every role shares: terms, votes (§5.2), the
 * follower side of AppendEntries (§5.3). Role-specific handling lives in {@link RoleBehaviour}s.
 */
final class Raft {
    private static final System.Logger LOG = System.getLogger("raft");

    final long id;
    final RaftLog log;
    final int electionTicks;
    final int heartbeatTicks;
    final int maxEntriesPerMessage;
    private final Random random;
    private final Function<SnapshotMeta, Snapshot> snapshotSource;

    long term;
    long vote;
    long lead;
    final TreeSet<Long> voters = new TreeSet<>();
    final TreeSet<Long> learners = new TreeSet<>();
    RoleBehaviour role;
    int electionElapsed;
    int heartbeatElapsed;
    int randomizedElectionTimeout;
    /** The index of the latest conf change appended by this leader; one change at a time (§6). */
    long pendingConfIndex;

    final List<Message> msgs = new ArrayList<>();
    final List<ReadState> readStates = new ArrayList<>();

    Raft(RaftConfig config, Storage storage) {
        this.id = config.id();
        this.log = new RaftLog(storage, config.applied());
        this.electionTicks = config.electionTicks();
        this.heartbeatTicks = config.heartbeatTicks();
        this.maxEntriesPerMessage = config.maxEntriesPerMessage();
        this.random = config.random();
        this.snapshotSource = config.snapshotSource();
        HardState hs = storage.hardState();
        SnapshotMeta snap = storage.snapshot();
        voters.addAll(snap.voters());
        learners.addAll(snap.learners());
        this.term = hs.term();
        this.vote = hs.vote();
        becomeFollower(term, 0);
    }

    int quorum() {
        return voters.size() / 2 + 1;
    }

    TreeSet<Long> members() {
        TreeSet<Long> all = new TreeSet<>(voters);
        all.addAll(learners);
        all.add(id);
        return all;
    }

    boolean promotable() {
        return voters.contains(id);
    }

    HardState hardState() {
        return new HardState(term, vote, log.committed);
    }

    SoftState softState() {
        return new SoftState(lead, role.type());
    }

    Snapshot snapshotFor(SnapshotMeta compactedTo) {
        return snapshotSource.apply(compactedTo);
    }

    void send(Message m) {
        msgs.add(m);
    }

    private void reset(long newTerm) {
        if (term != newTerm) {
            term = newTerm;
            vote = 0;
        }
        lead = 0;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        // §5.2: randomised timeouts in [election, 2*election) keep split votes rare
        randomizedElectionTimeout = electionTicks + random.nextInt(electionTicks);
    }

    void becomeFollower(long newTerm, long leader) {
        reset(newTerm);
        lead = leader;
        role = new Follower(this);
        LOG.log(Level.INFO, () -> String.format("%x became follower at term %d", id, term));
    }

    void becomeCandidate() {
        reset(term + 1);
        vote = id;
        role = new Candidate(this);
        LOG.log(Level.INFO, () -> String.format("%x became candidate at term %d", id, term));
    }

    void becomeLeader() {
        reset(term);
        lead = id;
        Leader leader = new Leader(this);
        role = leader;
        LOG.log(Level.INFO, () -> String.format("%x became leader at term %d", id, term));
        // §5.4.2/§8: an empty entry of the new term lets earlier entries commit
        long index = leader.appendEntries(List.of(Entry.normal(0, 0, null)));
        pendingConfIndex = index;
        leader.broadcastAppend();
    }

    /** The vote context of an election a leader asked for (etcd's campaignTransfer): it overrides the lease. */
    static final byte[] CAMPAIGN_TRANSFER = "CampaignTransfer".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Starts an election (§5.2): a new term, a vote for itself, RequestVote to every voter. */
    void campaign() {
        campaign(false);
    }

    /** An election; {@code transfer} when the leader handed over (voters then ignore their leader lease). */
    void campaign(boolean transfer) {
        LOG.log(Level.INFO, () -> String.format("%x is starting a new election at term %d", id, term));
        becomeCandidate();
        Candidate candidate = (Candidate) role;
        if (candidate.poll(id, true) == 1) {
            becomeLeader();
            return;
        }
        for (long voter : voters) {
            if (voter != id) {
                Message vote = Message.of(MessageType.VOTE, id, voter, term).withIndex(log.lastTerm(), log.lastIndex());
                send(transfer ? vote.withCommit(0, CAMPAIGN_TRANSFER) : vote);
            }
        }
    }

    void tickElection() {
        electionElapsed++;
        if (promotable() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            campaign();
        }
    }

    void step(Message m) {
        if (m.term() == 0) {
            // forwarded proposals and read requests carry no term (etcd treats them as local messages)
            role.step(m);
            return;
        }
        if (m.term() > term) {
            boolean transfer = m.context() != null && java.util.Arrays.equals(m.context(), CAMPAIGN_TRANSFER);
            if (m.type() == MessageType.VOTE && lead != 0 && electionElapsed < electionTicks && !transfer) {
                // leader lease (CheckQuorum): while we hear from a leader, a disruptive candidate is ignored
                return;
            }
            boolean fromLeader = m.type() == MessageType.APP || m.type() == MessageType.HEARTBEAT || m.type() == MessageType.SNAP;
            // §5.1: a higher term makes us follower; a vote request does not name a leader
            becomeFollower(m.term(), fromLeader ? m.from() : 0);
        } else if (m.term() < term) {
            if (m.type() == MessageType.APP || m.type() == MessageType.HEARTBEAT) {
                // tell a stale leader our term so it steps down
                send(Message.of(MessageType.APP_RESP, id, m.from(), term));
            } else if (m.type() == MessageType.VOTE) {
                send(Message.of(MessageType.VOTE_RESP, id, m.from(), term).withReject(true, 0));
            }
            return;
        }
        if (m.type() == MessageType.VOTE) {
            handleVote(m);
        } else {
            role.step(m);
        }
    }

    /** §5.2 one vote per term, §5.4.1 only for a candidate whose log is at least as up to date. */
    private void handleVote(Message m) {
        boolean canVote = vote == m.from() || (vote == 0 && lead == 0);
        boolean grant = canVote && log.isUpToDate(m.index(), m.logTerm());
        if (grant) {
            vote = m.from();
            electionElapsed = 0;
        }
        send(Message.of(MessageType.VOTE_RESP, id, m.from(), term).withReject(!grant, 0));
    }

    void handleAppend(Message m) {
        Message resp = Message.of(MessageType.APP_RESP, id, m.from(), term);
        if (m.index() < log.committed) {
            send(resp.withIndex(0, log.committed));
            return;
        }
        long lastNew = log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries());
        if (lastNew >= 0) {
            send(resp.withIndex(0, lastNew));
        } else {
            // §5.3: refuse; the hint lets the leader jump back to our last index
            send(resp.withIndex(0, m.index()).withReject(true, log.lastIndex()));
        }
    }

    /** Passes a proposal or read request on to the known leader; without one it is dropped (the proposer times out). */
    void forwardToLeader(Message m) {
        if (lead != 0 && lead != id) {
            send(new Message(m.type(), m.from(), lead, 0, 0, 0, m.entries(), 0, false, 0, m.context(), null));
        }
    }

    void handleHeartbeat(Message m) {
        log.commitTo(Math.min(m.commit(), log.lastIndex()));
        send(Message.of(MessageType.HEARTBEAT_RESP, id, m.from(), term).withCommit(0, m.context()));
    }

    void handleSnapshot(Message m) {
        SnapshotMeta meta = m.snapshot().meta();
        if (meta.index() > log.committed && !log.matchTerm(meta.index(), meta.term())) {
            log.restore(m.snapshot());
            voters.clear();
            voters.addAll(meta.voters());
            learners.clear();
            learners.addAll(meta.learners());
        } else if (meta.index() > log.committed) {
            // we already hold the entry the snapshot ends at: just fast-forward the commit
            log.commitTo(meta.index());
        }
        send(Message.of(MessageType.APP_RESP, id, m.from(), term).withIndex(0, log.lastIndex()));
    }
}
