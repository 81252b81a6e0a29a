package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.AlarmMember;
import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmType;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.DefragmentRequest;
import io.ketch.proto.etcdserverpb.DefragmentResponse;
import io.ketch.proto.etcdserverpb.HashKVRequest;
import io.ketch.proto.etcdserverpb.HashKVResponse;
import io.ketch.proto.etcdserverpb.HashRequest;
import io.ketch.proto.etcdserverpb.HashResponse;
import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.MoveLeaderRequest;
import io.ketch.proto.etcdserverpb.MoveLeaderResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.mvcc.HashResult;
import io.ketch.server.snapshot.BboltWriter;
import io.ketch.server.snapshot.SnapshotPublisher;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusStatus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.spi.etcd.MaintenanceService;
import io.ketch.spi.storage.Backend;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/** etcd's Maintenance service (v3rpc/maintenance.go) over the state machine and consensus. */
public final class MaintenanceServiceImpl implements MaintenanceService {
    private static final System.Logger LOG = System.getLogger("etcdserver");
    /** The etcd version Ketch reports. */
    public static final String VERSION = "3.4.23";

    private final Consensus consensus;
    private final EtcdStateMachine machine;
    private final Proposer proposer;
    private final Executor executor;

    MaintenanceServiceImpl(Consensus consensus, EtcdStateMachine machine, Proposer proposer, Executor executor) {
        this.consensus = consensus;
        this.machine = machine;
        this.proposer = proposer;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<StatusResponse> status(Caller caller, StatusRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            ConsensusStatus s = consensus.status();
            Backend b = machine.backend();
            StatusResponse.Builder resp = StatusResponse.newBuilder()
                    .setHeader(header(0))
                    .setVersion(VERSION)
                    .setDbSize(b.size())
                    .setDbSizeInUse(b.sizeInUse())
                    .setLeader(s.leaderId())
                    .setRaftIndex(s.commitIndex())
                    .setRaftTerm(s.term())
                    .setRaftAppliedIndex(s.appliedIndex())
                    .setIsLearner(s.learner());
            if (s.leaderId() == 0) {
                resp.addErrors(EtcdError.NO_LEADER.message());
            }
            for (AlarmMember a : machine.cluster().alarms(AlarmType.NONE)) {
                resp.addErrors(alarmString(a));
            }
            return resp.build();
        }, executor);
    }

    @Override
    public CompletableFuture<AlarmResponse> alarm(Caller caller, AlarmRequest request) {
        // etcd puts every alarm request, even a GET, through raft, and answers without a header
        return KvServiceImpl.guard(() -> proposer.propose(InternalRaftRequest.newBuilder().setAlarm(request), AlarmResponse.class));
    }

    @Override
    public CompletableFuture<DefragmentResponse> defragment(Caller caller, DefragmentRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            LOG.log(System.Logger.Level.INFO, "starting to defragment the storage backend...");
            machine.backend().defragment();
            LOG.log(System.Logger.Level.INFO, "finished defragmenting the storage backend");
            // etcd's DefragmentResponse carries no header
            return DefragmentResponse.getDefaultInstance();
        }, executor);
    }

    @Override
    public CompletableFuture<HashResponse> hash(Caller caller, HashRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            long[] h = machine.hash();
            return HashResponse.newBuilder().setHeader(header(h[1])).setHash((int) h[0]).build();
        }, executor);
    }

    @Override
    public CompletableFuture<HashKVResponse> hashKV(Caller caller, HashKVRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            HashResult h = machine.hashKV(request.getRevision());
            return HashKVResponse.newBuilder()
                    .setHeader(header(h.currentRev()))
                    .setHash(h.hash())
                    .setCompactRevision(h.compactRev())
                    .build();
        }, executor);
    }

    @Override
    public CompletableFuture<MoveLeaderResponse> moveLeader(Caller caller, MoveLeaderRequest request) {
        if (!consensus.status().isLeader()) {
            return CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
        }
        CompletableFuture<Void> moved;
        try {
            moved = consensus.transferLeadership(request.getTargetID());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Proposer.map(e));
        }
        return moved.handle((v, e) -> {
            if (e != null) {
                throw new CompletionException(moveLeaderError(e));
            }
            return MoveLeaderResponse.getDefaultInstance();
        });
    }

    /** etcd answers a transfer that took too long with its own message and code Unknown. */
    private static Throwable moveLeaderError(Throwable e) {
        Throwable t = Proposer.map(e);
        if (t instanceof EtcdException ee && ee.getMessage().equals(EtcdError.TIMEOUT.message())) {
            return new EtcdException(EtcdError.Code.UNKNOWN, "etcdserver: request timed out, leader transfer took too long");
        }
        return t;
    }

    /** The backend as a bbolt file, as etcd streams it; restorable with etcdctl snapshot restore. */
    @Override
    public Flow.Publisher<SnapshotResponse> snapshot(Caller caller) {
        return new SnapshotPublisher(() -> {
            try (var view = machine.view()) {
                java.nio.file.Path file = java.nio.file.Files.createTempFile("ketch-snapshot-", ".db");
                BboltWriter.write(view, file);
                return file;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, executor);
    }

    /** What gogo-protobuf's String() prints for an AlarmMember, which etcd puts in Status.errors. */
    static String alarmString(AlarmMember a) {
        return "memberID:" + Long.toUnsignedString(a.getMemberID()) + " alarm:" + a.getAlarm().name() + " ";
    }

    private ResponseHeader header(long revision) {
        return proposer.header(ResponseHeader.newBuilder().setRevision(revision).build(), machine.currentRevision());
    }
}
