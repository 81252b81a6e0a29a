package io.ketch.v3.grpc.service;

import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.ClusterGrpc;
import io.ketch.proto.etcdserverpb.MemberAddRequest;
import io.ketch.proto.etcdserverpb.MemberAddResponse;
import io.ketch.proto.etcdserverpb.MemberListRequest;
import io.ketch.proto.etcdserverpb.MemberListResponse;
import io.ketch.proto.etcdserverpb.MemberPromoteRequest;
import io.ketch.proto.etcdserverpb.MemberPromoteResponse;
import io.ketch.proto.etcdserverpb.MemberRemoveRequest;
import io.ketch.proto.etcdserverpb.MemberRemoveResponse;
import io.ketch.proto.etcdserverpb.MemberUpdateRequest;
import io.ketch.proto.etcdserverpb.MemberUpdateResponse;
import io.ketch.spi.etcd.ClusterService;

/**
 * etcdserverpb.Cluster over a {@link ClusterService}. etcd validates peer URLs in the server
 * (ErrGRPCMemberBadURLs comes from there), so this delegates and maps errors only.
 */
public final class ClusterGrpcService extends ClusterGrpc.ClusterImplBase {
    private final ClusterService cluster;

    /** @param cluster the membership implementation */
    public ClusterGrpcService(ClusterService cluster) {
        this.cluster = cluster;
    }

    @Override
    public void memberAdd(MemberAddRequest request, StreamObserver<MemberAddResponse> observer) {
        Replies.reply(() -> cluster.memberAdd(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void memberRemove(MemberRemoveRequest request, StreamObserver<MemberRemoveResponse> observer) {
        Replies.reply(() -> cluster.memberRemove(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void memberUpdate(MemberUpdateRequest request, StreamObserver<MemberUpdateResponse> observer) {
        Replies.reply(() -> cluster.memberUpdate(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
        Replies.reply(() -> cluster.memberList(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void memberPromote(MemberPromoteRequest request, StreamObserver<MemberPromoteResponse> observer) {
        Replies.reply(() -> cluster.memberPromote(CallerInterceptor.current(), request), observer);
    }
}
