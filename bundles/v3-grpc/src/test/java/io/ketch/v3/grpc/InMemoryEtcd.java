package io.ketch.v3.grpc;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.AlarmMember;
import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.CompactionResponse;
import io.ketch.proto.etcdserverpb.DefragmentRequest;
import io.ketch.proto.etcdserverpb.DefragmentResponse;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.HashKVRequest;
import io.ketch.proto.etcdserverpb.HashKVResponse;
import io.ketch.proto.etcdserverpb.HashRequest;
import io.ketch.proto.etcdserverpb.HashResponse;
import io.ketch.proto.etcdserverpb.Member;
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
import io.ketch.proto.etcdserverpb.MoveLeaderRequest;
import io.ketch.proto.etcdserverpb.MoveLeaderResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.ClusterService;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.MaintenanceService;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * A small real implementation of the three services the front end serves: puts go into a sorted
 * map with a revision counter; enough for transport tests, not etcd's semantics.
 */
final class InMemoryEtcd implements KvService, MaintenanceService, ClusterService {
    static final long CLUSTER_ID = 0x1CF5_0A0D_2B6A_0B2AL;
    static final long MEMBER_ID = 0x61F8_3A2B_AA3C_DA12L;

    final NavigableMap<ByteString, KeyValue> keys =
            new ConcurrentSkipListMap<>(ByteString.unsignedLexicographicalComparator());
    final List<Caller> callers = new CopyOnWriteArrayList<>();
    final List<AlarmMember> alarms = new CopyOnWriteArrayList<>();
    volatile RuntimeException failure;
    volatile RuntimeException rangeFailure;
    volatile long leader = MEMBER_ID;
    volatile List<SnapshotResponse> snapshotChunks = List.of();
    private long revision = 1;

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(CLUSTER_ID).setMemberId(MEMBER_ID)
                .setRevision(revision).setRaftTerm(2).build();
    }

    private <T> CompletableFuture<T> answer(java.util.function.Supplier<T> body, Caller caller) {
        callers.add(caller);
        RuntimeException f = failure;
        return f != null ? CompletableFuture.failedFuture(f) : CompletableFuture.completedFuture(body.get());
    }

    @Override
    public synchronized CompletableFuture<RangeResponse> range(Caller caller, RangeRequest request) {
        if (rangeFailure != null) {
            return CompletableFuture.failedFuture(rangeFailure);
        }
        return answer(() -> {
            RangeResponse.Builder response = RangeResponse.newBuilder().setHeader(header());
            if (request.getRangeEnd().isEmpty()) {
                KeyValue kv = keys.get(request.getKey());
                if (kv != null) {
                    response.addKvs(kv);
                }
            } else {
                response.addAllKvs(keys.subMap(request.getKey(), request.getRangeEnd()).values());
            }
            return response.setCount(response.getKvsCount()).build();
        }, caller);
    }

    @Override
    public synchronized CompletableFuture<PutResponse> put(Caller caller, PutRequest request) {
        return answer(() -> {
            revision++;
            KeyValue previous = keys.get(request.getKey());
            keys.put(request.getKey(), KeyValue.newBuilder().setKey(request.getKey())
                    .setValue(request.getValue()).setModRevision(revision)
                    .setCreateRevision(previous == null ? revision : previous.getCreateRevision())
                    .setVersion(previous == null ? 1 : previous.getVersion() + 1).build());
            return PutResponse.newBuilder().setHeader(header()).build();
        }, caller);
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(Caller caller, DeleteRangeRequest request) {
        return answer(() -> DeleteRangeResponse.newBuilder().setHeader(header())
                .setDeleted(keys.remove(request.getKey()) == null ? 0 : 1).build(), caller);
    }

    @Override
    public CompletableFuture<TxnResponse> txn(Caller caller, TxnRequest request) {
        return CompletableFuture.failedFuture(EtcdError.NOT_CAPABLE.exception());
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(Caller caller, CompactionRequest request) {
        return CompletableFuture.failedFuture(EtcdError.COMPACTED.exception());
    }

    @Override
    public CompletableFuture<StatusResponse> status(Caller caller, StatusRequest request) {
        return answer(() -> StatusResponse.newBuilder().setHeader(header()).setVersion("3.4.23")
                .setLeader(leader).setRaftTerm(2).setRaftIndex(7).setRaftAppliedIndex(7)
                .setDbSize(20480).setDbSizeInUse(16384).build(), caller);
    }

    @Override
    public CompletableFuture<AlarmResponse> alarm(Caller caller, AlarmRequest request) {
        return answer(() -> AlarmResponse.newBuilder().setHeader(header()).addAllAlarms(alarms).build(), caller);
    }

    @Override
    public CompletableFuture<DefragmentResponse> defragment(Caller caller, DefragmentRequest request) {
        return answer(() -> DefragmentResponse.newBuilder().setHeader(header()).build(), caller);
    }

    @Override
    public CompletableFuture<HashResponse> hash(Caller caller, HashRequest request) {
        return answer(() -> HashResponse.newBuilder().setHeader(header()).setHash(42).build(), caller);
    }

    @Override
    public CompletableFuture<HashKVResponse> hashKV(Caller caller, HashKVRequest request) {
        return answer(() -> HashKVResponse.newBuilder().setHeader(header()).setHash(43).build(), caller);
    }

    @Override
    public CompletableFuture<MoveLeaderResponse> moveLeader(Caller caller, MoveLeaderRequest request) {
        return CompletableFuture.failedFuture(EtcdError.BAD_LEADER_TRANSFEREE.exception());
    }

    @Override
    public Flow.Publisher<SnapshotResponse> snapshot(Caller caller) {
        List<SnapshotResponse> chunks = snapshotChunks;
        return subscriber -> {
            SubmissionPublisher<SnapshotResponse> publisher = new SubmissionPublisher<>();
            publisher.subscribe(subscriber);
            chunks.forEach(publisher::submit);
            publisher.close();
        };
    }

    @Override
    public CompletableFuture<MemberListResponse> memberList(Caller caller, MemberListRequest request) {
        return answer(() -> MemberListResponse.newBuilder().setHeader(header()).addMembers(Member.newBuilder()
                .setID(MEMBER_ID).setName("m1").addPeerURLs("http://127.0.0.1:2380")
                .addClientURLs("http://127.0.0.1:2379")).build(), caller);
    }

    @Override
    public CompletableFuture<MemberAddResponse> memberAdd(Caller caller, MemberAddRequest request) {
        return CompletableFuture.failedFuture(EtcdError.MEMBER_BAD_URLS.exception());
    }

    @Override
    public CompletableFuture<MemberRemoveResponse> memberRemove(Caller caller, MemberRemoveRequest request) {
        return CompletableFuture.failedFuture(EtcdError.MEMBER_NOT_FOUND.exception());
    }

    @Override
    public CompletableFuture<MemberUpdateResponse> memberUpdate(Caller caller, MemberUpdateRequest request) {
        return CompletableFuture.failedFuture(EtcdError.MEMBER_NOT_FOUND.exception());
    }

    @Override
    public CompletableFuture<MemberPromoteResponse> memberPromote(Caller caller, MemberPromoteRequest request) {
        return CompletableFuture.failedFuture(EtcdError.MEMBER_NOT_LEARNER.exception());
    }
}
