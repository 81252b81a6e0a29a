package io.ketch.spi.etcd;

import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.DefragmentRequest;
import io.ketch.proto.etcdserverpb.DefragmentResponse;
import io.ketch.proto.etcdserverpb.HashKVRequest;
import io.ketch.proto.etcdserverpb.HashKVResponse;
import io.ketch.proto.etcdserverpb.HashRequest;
import io.ketch.proto.etcdserverpb.HashResponse;
import io.ketch.proto.etcdserverpb.MoveLeaderRequest;
import io.ketch.proto.etcdserverpb.MoveLeaderResponse;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ProviderType;

/** etcd's Maintenance service (etcdserverpb.Maintenance) with etcd 3.4's semantics. */
@ProviderType
public interface MaintenanceService {
    /** This member's status: version, db size, leader, raft index and term, errors, learner flag. */
    CompletableFuture<StatusResponse> status(Caller caller, StatusRequest request);

    /** Activates, deactivates or lists alarms. */
    CompletableFuture<AlarmResponse> alarm(Caller caller, AlarmRequest request);

    /** Rewrites the backend to reclaim free space. */
    CompletableFuture<DefragmentResponse> defragment(Caller caller, DefragmentRequest request);

    /** A hash of the whole backend. */
    CompletableFuture<HashResponse> hash(Caller caller, HashRequest request);

    /** A hash of the MVCC key space up to a revision; equal on members at the same revision. */
    CompletableFuture<HashKVResponse> hashKV(Caller caller, HashKVRequest request);

    /** Transfers leadership to another voting member. */
    CompletableFuture<MoveLeaderResponse> moveLeader(Caller caller, MoveLeaderRequest request);

    /**
     * Streams a consistent snapshot of the backend in chunks, the last carrying etcd's integrity
     * hash; the subscriber's demand paces the stream.
     */
    Flow.Publisher<SnapshotResponse> snapshot(Caller caller);
}
