package io.ketch.raft.node;

import io.ketch.proto.raftpb.ConfChange;
import io.ketch.proto.raftpb.ConfChangeType;
import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.EntryType;
import io.ketch.raft.engine.HardState;
import io.ketch.raft.engine.MemoryStorage;
import io.ketch.raft.engine.Ready;
import io.ketch.raft.engine.Snapshot;
import io.ketch.raft.engine.SnapshotMeta;
import io.ketch.raft.membership.MemberIds;
import io.ketch.raft.membership.Membership;
import io.ketch.raft.membership.MembershipCodec;
import io.ketch.raft.snap.SnapshotFile;
import io.ketch.raft.snap.SnapshotStore;
import io.ketch.raft.wal.Wal;
import io.ketch.raft.wal.WalContents;
import io.ketch.spi.consensus.Member;
import io.ketch.spi.consensus.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node's durable state: WAL, raft snapshots, and the in-memory copy of the stable log the
 * engine reads. Opening it restores the state machine from the latest snapshot when the state
 * machine is behind it; persisting a Ready costs one fsync.
 */
final class DurableLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("etcdserver");
    /**
     * Marks snapshot data sent to a follower that carries the membership first: the state machine's
     * bytes do not hold it, and a member that joins from a snapshot has no log to learn it from.
     */
    private static final byte[] MEMBERS_MAGIC = "KETCHMS1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    final Wal wal;
    final MemoryStorage storage = new MemoryStorage();
    final SnapshotStore snapshots;
    final boolean existed;
    private SnapshotMeta lastSnapshot = SnapshotMeta.EMPTY;
    volatile long memberId;
    volatile long clusterId;

    private DurableLog(Wal wal, SnapshotStore snapshots, boolean existed) {
        this.wal = wal;
        this.snapshots = snapshots;
        this.existed = existed;
    }

    static DurableLog open(RaftNodeConfig config, StateMachine sm, Membership membership) throws IOException {
        boolean existed = Wal.exists(config.dataDir().resolve("wal"));
        Wal wal = Wal.open(config.dataDir().resolve("wal"), config.walSegmentSize());
        DurableLog log = new DurableLog(wal, new SnapshotStore(config.dataDir().resolve("snap")), existed);
        try {
            log.load(sm, membership);
        } catch (IOException | RuntimeException e) {
            wal.close();
            throw e;
        }
        return log;
    }

    private void load(StateMachine sm, Membership membership) throws IOException {
        if (wal.metadata() != null) {
            ByteBuffer md = ByteBuffer.wrap(wal.metadata());
            memberId = md.getLong();
            clusterId = md.getLong();
        }
        WalContents c = wal.contents();
        if (c.snapshot().index() > 0) {
            storage.applySnapshot(c.snapshot());
        }
        storage.append(c.entries());
        storage.setHardState(c.hardState());
        lastSnapshot = c.snapshot();
        Optional<SnapshotFile> snap = snapshots.latest();
        if (snap.isPresent()) {
            SnapshotFile f = snap.get();
            membership.replaceAll(MembershipCodec.fromLines(f.members()));
            if (f.meta().index() > storage.snapshot().index()) {
                // the snapshot file made it to disk but the WAL marker did not: compact now
                if (f.meta().index() <= storage.lastIndex()) {
                    storage.compact(f.meta());
                } else {
                    storage.applySnapshot(f.meta());
                }
            }
            lastSnapshot = f.meta();
            if (sm.appliedIndex() < f.meta().index()) {
                LOG.log(Level.INFO, String.format("recovering state machine from snapshot at index %d", f.meta().index()));
                try (InputStream in = SnapshotStore.openData(f)) {
                    sm.restore(in, f.meta().index(), f.meta().term());
                }
            }
        }
    }

    /** The index the engine starts handing out committed entries after. */
    long startApplied(StateMachine sm) {
        long commit = storage.hardState().commit();
        return Math.max(storage.firstIndex() - 1, Math.min(sm.appliedIndex(), commit));
    }

    /** Replays the conf changes in (snapshot, upTo] into the membership (the engine does its voters itself). */
    void replayMembership(Membership membership, long upTo) {
        long from = storage.firstIndex();
        if (upTo < from) {
            return;
        }
        for (Entry e : storage.entries(from, Math.min(upTo, storage.lastIndex()) + 1)) {
            if (e.type() == EntryType.CONF_CHANGE) {
                membership.apply(e.data());
            }
        }
    }

    /** A fresh data dir: derive ids as etcd does and build one AddNode entry per initial member. */
    List<byte[]> bootstrapIdentity(RaftNodeConfig config) throws IOException {
        List<String> own = config.initialCluster().get(config.name());
        if (own == null) {
            throw new IllegalArgumentException("couldn't find local name \"" + config.name()
                    + "\" in the initial cluster configuration");
        }
        List<Member> initial = new ArrayList<>();
        config.initialCluster().forEach((name, urls) ->
                initial.add(new Member(MemberIds.memberId(urls, config.clusterToken(), null), name, urls, List.of(), false)));
        initial.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
        long self = MemberIds.memberId(own, config.clusterToken(), null);
        long cluster = MemberIds.clusterId(initial.stream().map(Member::id).toList());
        saveIdentity(self, cluster);
        return initial.stream().map(Membership::addChange).toList();
    }

    /** A joining member: its id from its own peer URLs and the token; the cluster id is learned later (0 till then). */
    void joinIdentity(RaftNodeConfig config) throws IOException {
        List<String> own = config.initialCluster().get(config.name());
        if (own == null) {
            throw new IllegalArgumentException("couldn't find local name \"" + config.name()
                    + "\" in the initial cluster configuration");
        }
        saveIdentity(MemberIds.memberId(own, config.clusterToken(), null), 0);
    }

    /** The members a joiner may talk to before it applied the cluster's log: its initial cluster. */
    void seedJoiningMembership(RaftNodeConfig config, Membership membership) {
        if (!membership.list().isEmpty()) {
            return;
        }
        List<Member> seed = new ArrayList<>();
        config.initialCluster().forEach((name, urls) ->
                seed.add(new Member(MemberIds.memberId(urls, config.clusterToken(), null), name, urls, List.of(), false)));
        membership.replaceAll(seed);
    }

    /** Records the cluster id a joiner learned; false if it knew one already. */
    synchronized boolean learnClusterId(long cluster) throws IOException {
        if (clusterId != 0) {
            return false;
        }
        saveIdentity(memberId, cluster);
        return true;
    }

    void saveIdentity(long member, long cluster) throws IOException {
        memberId = member;
        clusterId = cluster;
        wal.saveMetadata(ByteBuffer.allocate(16).putLong(member).putLong(cluster).array());
    }

    /**
     * etcd's --force-new-cluster on an existing member: drop uncommitted entries and append, as
     * committed, a RemoveNode for every other member (and an AddNode for this one if missing), so
     * this member is the whole cluster when the entries are applied.
     */
    void forceNewCluster(Member self) throws IOException {
        HardState hs = storage.hardState();
        Set<Long> ids = new TreeSet<>(storage.snapshot().voters());
        ids.addAll(storage.snapshot().learners());
        long commit = Math.min(hs.commit(), storage.lastIndex());
        if (commit >= storage.firstIndex()) {
            for (Entry e : storage.entries(storage.firstIndex(), commit + 1)) {
                if (e.type() == EntryType.CONF_CHANGE) {
                    ConfChange cc = ConfChange.parseFrom(e.data());
                    if (cc.getType() == ConfChangeType.ConfChangeRemoveNode) {
                        ids.remove(cc.getNodeId());
                    } else {
                        ids.add(cc.getNodeId());
                    }
                }
            }
        }
        List<Entry> ents = new ArrayList<>();
        long index = commit;
        for (long id : ids) {
            if (id != self.id()) {
                ents.add(new Entry(++index, hs.term(), EntryType.CONF_CHANGE, Membership.removeChange(id)));
            }
        }
        if (!ids.contains(self.id())) {
            ents.add(new Entry(++index, hs.term(), EntryType.CONF_CHANGE, Membership.addChange(self)));
        }
        HardState forced = new HardState(hs.term(), hs.vote(), index);
        // written at commit + 1: replay (and the in-memory log) drop the uncommitted suffix from there
        if (ents.isEmpty() && storage.lastIndex() > commit) {
            LOG.log(Level.WARNING, String.format("force-new-cluster: %d uncommitted entries kept (nothing to overwrite them with)",
                    storage.lastIndex() - commit));
        }
        wal.save(forced, ents);
        storage.append(ents);
        storage.setHardState(forced);
        LOG.log(Level.WARNING, String.format("forcing restart of member %x in cluster %x at commit index %d",
                memberId, clusterId, index));
    }

    /** Persists what a Ready asks for with one fsync, then makes it visible to the engine. */
    void persist(Ready rd, StateMachine sm, Membership membership) throws IOException {
        if (rd.snapshot() != null) {
            installSnapshot(rd, sm, membership);
        }
        wal.save(rd.hardState(), rd.entries());
        storage.append(rd.entries());
        if (rd.hardState() != null) {
            storage.setHardState(rd.hardState());
        }
    }

    private void installSnapshot(Ready rd, StateMachine sm, Membership membership) throws IOException {
        SnapshotMeta meta = rd.snapshot().meta();
        byte[] data = rd.snapshot().data();
        if (data.length >= MEMBERS_MAGIC.length + 4
                && java.util.Arrays.equals(data, 0, MEMBERS_MAGIC.length, MEMBERS_MAGIC, 0, MEMBERS_MAGIC.length)) {
            int n = ByteBuffer.wrap(data, MEMBERS_MAGIC.length, 4).getInt();
            int start = MEMBERS_MAGIC.length + 4;
            membership.replaceAll(MembershipCodec.fromLines(
                    new String(data, start, n, java.nio.charset.StandardCharsets.UTF_8)));
            data = java.util.Arrays.copyOfRange(data, start + n, data.length);
        }
        byte[] smData = data;
        Optional<SnapshotFile> f = snapshots.save(out -> {
            out.write(smData);
            return meta.index();
        }, index -> new SnapshotStore.Describe(meta, MembershipCodec.toLines(membership.list())));
        wal.saveSnapshot(meta);
        storage.applySnapshot(meta);
        lastSnapshot = meta;
        if (f.isPresent()) {
            try (InputStream in = SnapshotStore.openData(f.get())) {
                sm.restore(in, meta.index(), meta.term());
            }
        }
    }

    /** Takes a snapshot when snapshotCount entries were applied since the last one; then compacts. */
    void maybeSnapshot(long applied, RaftNodeConfig config, StateMachine sm, Membership membership,
                       Set<Long> voters, Set<Long> learners) throws IOException {
        // etcd snapshots once more than snapshotCount entries were applied since the last one
        if (applied - lastSnapshot.index() <= config.snapshotCount()) {
            return;
        }
        Optional<SnapshotFile> f = snapshots.save(sm::snapshot, index -> {
            long term = storage.term(index);
            if (term < 0 || index <= lastSnapshot.index()) {
                return null;
            }
            return new SnapshotStore.Describe(new SnapshotMeta(index, term, voters, learners),
                    MembershipCodec.toLines(membership.list()));
        });
        if (f.isEmpty()) {
            return;
        }
        SnapshotMeta meta = f.get().meta();
        wal.saveSnapshot(meta);
        lastSnapshot = meta;
        long compactTo = meta.index() - config.snapshotCatchUpEntries();
        if (compactTo > storage.snapshot().index()) {
            storage.compact(new SnapshotMeta(compactTo, storage.term(compactTo), voters, learners));
        }
        wal.releaseTo(meta.index());
        if (compactTo > 0) {
            LOG.log(Level.INFO, String.format("compacted raft log at %d", compactTo));
        }
    }

    /**
     * The latest snapshot, for a follower whose entries were compacted away: the membership, then the
     * state machine's data, labelled with the meta of that data (not the compaction point asked for,
     * which lies snapshotCatchUpEntries before it).
     */
    Snapshot snapshotData(SnapshotMeta compactedTo) {
        try {
            Optional<SnapshotFile> f = snapshots.latest();
            if (f.isEmpty()) {
                return new Snapshot(compactedTo, new byte[0]);
            }
            byte[] members = f.get().members().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (InputStream in = SnapshotStore.openData(f.get())) {
                byte[] data = in.readAllBytes();
                return new Snapshot(f.get().meta(),
                        ByteBuffer.allocate(MEMBERS_MAGIC.length + 4 + members.length + data.length)
                                .put(MEMBERS_MAGIC).putInt(members.length).put(members).put(data).array());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the latest snapshot", e);
        }
    }

    SnapshotMeta lastSnapshot() {
        return lastSnapshot;
    }


    @Override
    public void close() throws IOException {
        wal.close();
    }
}
