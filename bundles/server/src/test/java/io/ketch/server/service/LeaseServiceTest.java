package io.ketch.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseLeasesRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.ketch.proto.etcdserverpb.LeaseStatus;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.lease.LeaseExpiry;
import io.ketch.server.lease.Lessor;
import io.ketch.server.testing.SyncConsensus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.storage.memory.MemoryBackend;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The Lease service over the state machine, with a fake clock for the lessor. */
class LeaseServiceTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryBackend backend = new MemoryBackend();
    private final EtcdStateMachine machine = new EtcdStateMachine(backend, new Lessor(now::get, 2));
    private final SyncConsensus consensus = new SyncConsensus(machine);
    private final EtcdServices services = new EtcdServices(consensus, machine, Limits.DEFAULTS, Runnable::run);
    private final LeaseServiceImpl leases = new LeaseServiceImpl(consensus, machine, Limits.DEFAULTS);

    LeaseServiceTest() {
        machine.lessor().promote(0);
    }

    private static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.join();
    }

    private static EtcdException failure(CompletableFuture<?> f) {
        CompletionException e = Assertions.assertThrows(CompletionException.class, f::join);
        return Assertions.assertInstanceOf(EtcdException.class, e.getCause());
    }

    private long grant(long id, long ttl) {
        return join(leases.leaseGrant(Caller.ANONYMOUS, LeaseGrantRequest.newBuilder().setID(id).setTTL(ttl).build())).getID();
    }

    private long put(String k, long lease) {
        return join(services.kv().put(Caller.ANONYMOUS, PutRequest.newBuilder().setKey(bs(k)).setValue(bs("v"))
                .setLease(lease).build())).getHeader().getRevision();
    }

    private boolean exists(String k) {
        return join(services.kv().range(Caller.ANONYMOUS, RangeRequest.newBuilder().setKey(bs(k)).build())).getCount() == 1;
    }

    private LeaseTimeToLiveResponse ttl(long id, boolean keys) {
        return join(leases.leaseTimeToLive(Caller.ANONYMOUS, LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(keys).build()));
    }

    @Test
    void grantWithoutIdChoosesAPositiveOneAndReportsTheTtl() {
        LeaseGrantResponse r = join(leases.leaseGrant(Caller.ANONYMOUS, LeaseGrantRequest.newBuilder().setTTL(60).build()));
        assertTrue(r.getID() > 0, "id " + r.getID());
        assertEquals(60, r.getTTL());
        assertEquals(SyncConsensus.CLUSTER_ID, r.getHeader().getClusterId());
        assertEquals(1, r.getHeader().getRevision());
    }

    @Test
    void grantOfATakenIdIsRefused() {
        grant(5, 60);
        assertEquals("etcdserver: lease already exists",
                failure(leases.leaseGrant(Caller.ANONYMOUS, LeaseGrantRequest.newBuilder().setID(5).setTTL(60).build())).getMessage());
    }

    @Test
    void putWithAnUnknownLeaseIsRefused() {
        assertEquals("etcdserver: requested lease not found",
                failure(services.kv().put(Caller.ANONYMOUS, PutRequest.newBuilder().setKey(bs("k")).setLease(9).build())).getMessage());
    }

    @Test
    void putInATxnWithAnUnknownLeaseIsRefused() {
        TxnRequest t = TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(bs("k")).setLease(9))).build();
        assertEquals("etcdserver: requested lease not found", failure(services.kv().txn(Caller.ANONYMOUS, t)).getMessage());
    }

    @Test
    void revokeDeletesEveryAttachedKeyInOneRevision() {
        long id = grant(5, 60);
        put("a", id);
        put("b", id);
        long before = put("plain", 0);
        long rev = join(leases.leaseRevoke(Caller.ANONYMOUS, LeaseRevokeRequest.newBuilder().setID(id).build()))
                .getHeader().getRevision();
        assertEquals(before + 1, rev);
        assertEquals(List.of(false, false, true), List.of(exists("a"), exists("b"), exists("plain")));
        assertEquals(-1, ttl(id, false).getTTL());
    }

    @Test
    void revokeOfAnUnknownLeaseIsNotFound() {
        assertEquals("etcdserver: requested lease not found",
                failure(leases.leaseRevoke(Caller.ANONYMOUS, LeaseRevokeRequest.newBuilder().setID(9).build())).getMessage());
    }

    @Test
    void aDeletedKeyIsNoLongerListedByItsLease() {
        long id = grant(5, 60);
        put("a", id);
        put("b", id);
        join(services.kv().deleteRange(Caller.ANONYMOUS, DeleteRangeRequest.newBuilder().setKey(bs("a")).build()));
        assertEquals(List.of(bs("b")), ttl(id, true).getKeysList());
    }

    @Test
    void timeToLiveReportsRemainingGrantedAndKeysWhenAsked() {
        long id = grant(5, 60);
        put("k", id);
        now.addAndGet(1_500);
        LeaseTimeToLiveResponse r = ttl(id, true);
        assertEquals(List.of(58L, 60L, List.of(bs("k"))), List.of(r.getTTL(), r.getGrantedTTL(), r.getKeysList()));
        assertEquals(0, ttl(id, false).getKeysCount());
    }

    @Test
    void timeToLiveOfAnUnknownLeaseIsMinusOne() {
        assertEquals(-1, ttl(9, true).getTTL());
    }

    @Test
    void keepAliveAnswersTheFullTtlAndZeroForAnUnknownLease() {
        long id = grant(5, 60);
        now.addAndGet(30_000);
        assertEquals(60, join(leases.leaseKeepAlive(Caller.ANONYMOUS, LeaseKeepAliveRequest.newBuilder().setID(id).build())).getTTL());
        assertEquals(60, ttl(id, false).getTTL());
        assertEquals(0, join(leases.leaseKeepAlive(Caller.ANONYMOUS, LeaseKeepAliveRequest.newBuilder().setID(9).build())).getTTL());
    }

    @Test
    void leasesListsEveryLiveLease() {
        grant(5, 60);
        grant(6, 30);
        List<Long> ids = join(leases.leaseLeases(Caller.ANONYMOUS, LeaseLeasesRequest.getDefaultInstance()))
                .getLeasesList().stream().map(LeaseStatus::getID).toList();
        assertEquals(List.of(6L, 5L), ids);
    }

    @Test
    void anExpiredLeaseIsRevokedThroughConsensusWithItsKeys() {
        long id = grant(5, 5);
        put("k", id);
        LeaseExpiry expiry = new LeaseExpiry(machine.lessor(), () -> true, 1_000, leases::revokeExpired, 10);
        now.addAndGet(4_999);
        expiry.tick();
        assertTrue(exists("k"));
        now.addAndGet(1);
        expiry.tick();
        assertEquals(List.of(false, -1L), List.of(exists("k"), ttl(id, false).getTTL()));
    }

    @Test
    void leasesAndTheirKeysSurviveAReopen() {
        long id = grant(5, 60);
        put("k", id);
        EtcdStateMachine reopened = new EtcdStateMachine(backend, new Lessor(now::get, 2));
        assertEquals(List.of(bs("k")), reopened.lessor().lookup(id).keys());
        assertEquals(60, reopened.lessor().lookup(id).grantedTtl());
    }

    @Test
    void aPutInATxnAttachesItsKey() {
        long id = grant(5, 60);
        join(services.kv().txn(Caller.ANONYMOUS, TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(bs("t")).setLease(id))).build()));
        assertEquals(List.of(bs("t")), ttl(id, true).getKeysList());
    }

    @Test
    void revokeReportsOneDeleteEventPerKeyAtOneRevision() {
        long id = grant(5, 60);
        put("a", id);
        put("b", id);
        List<io.ketch.proto.mvccpb.Event> seen = new java.util.ArrayList<>();
        machine.addCommitListener((events, revision) -> seen.addAll(events));
        join(leases.leaseRevoke(Caller.ANONYMOUS, LeaseRevokeRequest.newBuilder().setID(id).build()));
        assertEquals(List.of(bs("a"), bs("b")), seen.stream().map(e -> e.getKv().getKey()).toList());
        assertEquals(List.of(4L, 4L), seen.stream().map(e -> e.getKv().getModRevision()).toList());
    }

    @Test
    void aRestoredSnapshotBringsTheLeasesAndTheirKeys() throws java.io.IOException {
        long id = grant(5, 60);
        put("k", id);
        java.io.ByteArrayOutputStream snap = new java.io.ByteArrayOutputStream();
        long index = machine.snapshot(snap);
        EtcdStateMachine other = new EtcdStateMachine(new MemoryBackend(), new Lessor(now::get, 2));
        other.restore(new java.io.ByteArrayInputStream(snap.toByteArray()), index, 2);
        assertEquals(List.of(bs("k")), other.lessor().lookup(id).keys());
    }

    @Test
    void grantIsRefusedWhileTheNoSpaceAlarmIsRaised() {
        join(services.maintenance().alarm(Caller.ANONYMOUS, io.ketch.proto.etcdserverpb.AlarmRequest.newBuilder()
                .setAction(io.ketch.proto.etcdserverpb.AlarmRequest.AlarmAction.ACTIVATE)
                .setMemberID(SyncConsensus.MEMBER_ID).setAlarm(io.ketch.proto.etcdserverpb.AlarmType.NOSPACE).build()));
        assertEquals("etcdserver: mvcc: database space exceeded",
                failure(leases.leaseGrant(Caller.ANONYMOUS, LeaseGrantRequest.newBuilder().setTTL(60).build())).getMessage());
    }

    @Test
    void grantOverTheQuotaRaisesTheNoSpaceAlarmAndIsRefused() {
        LeaseServiceImpl tiny = new LeaseServiceImpl(consensus, machine, new Limits(128, 1572864, 1));
        assertEquals("etcdserver: mvcc: database space exceeded",
                failure(tiny.leaseGrant(Caller.ANONYMOUS, LeaseGrantRequest.newBuilder().setTTL(60).build())).getMessage());
        assertEquals(1, machine.cluster().alarms(io.ketch.proto.etcdserverpb.AlarmType.NOSPACE).size());
    }
}
