package io.ketch.v3.grpc.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.DefragmentRequest;
import io.ketch.proto.etcdserverpb.DefragmentResponse;
import io.ketch.proto.etcdserverpb.HashKVRequest;
import io.ketch.proto.etcdserverpb.HashKVResponse;
import io.ketch.proto.etcdserverpb.HashRequest;
import io.ketch.proto.etcdserverpb.HashResponse;
import io.ketch.proto.etcdserverpb.MaintenanceGrpc;
import io.ketch.proto.etcdserverpb.MoveLeaderRequest;
import io.ketch.proto.etcdserverpb.MoveLeaderResponse;
import io.ketch.proto.etcdserverpb.SnapshotRequest;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.spi.etcd.MaintenanceService;

/** etcdserverpb.Maintenance over a {@link MaintenanceService}; Snapshot streams with backpressure. */
public final class MaintenanceGrpcService extends MaintenanceGrpc.MaintenanceImplBase {
    private final MaintenanceService maintenance;

    /** @param maintenance the maintenance implementation */
    public MaintenanceGrpcService(MaintenanceService maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public void alarm(AlarmRequest request, StreamObserver<AlarmResponse> observer) {
        Replies.reply(() -> maintenance.alarm(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        Replies.reply(() -> maintenance.status(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void defragment(DefragmentRequest request, StreamObserver<DefragmentResponse> observer) {
        Replies.reply(() -> maintenance.defragment(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void hash(HashRequest request, StreamObserver<HashResponse> observer) {
        Replies.reply(() -> maintenance.hash(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void hashKV(HashKVRequest request, StreamObserver<HashKVResponse> observer) {
        Replies.reply(() -> maintenance.hashKV(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void moveLeader(MoveLeaderRequest request, StreamObserver<MoveLeaderResponse> observer) {
        Replies.reply(() -> maintenance.moveLeader(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> observer) {
        SnapshotStreamer streamer = new SnapshotStreamer((ServerCallStreamObserver<SnapshotResponse>) observer);
        try {
            maintenance.snapshot(CallerInterceptor.current()).subscribe(streamer);
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
        }
    }
}
