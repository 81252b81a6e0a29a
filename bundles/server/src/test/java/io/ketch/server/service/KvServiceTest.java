package io.ketch.server.service;

import static io.ketch.server.service.Fixture.bs;
import static io.ketch.server.service.Fixture.error;
import static io.ketch.server.service.Fixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.Compare;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.server.testing.SyncConsensus;
import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import org.junit.jupiter.api.Test;

class KvServiceTest {
    private final Fixture f = new Fixture();
    private final Caller c = Caller.ANONYMOUS;

    private static RequestOp put(String k, String v) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v))).build();
    }

    private static RequestOp get(String k) {
        return RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(bs(k))).build();
    }

    private static RequestOp del(String k, String end) {
        return RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs(k)).setRangeEnd(bs(end))).build();
    }

    @Test
    void putResponseHasAFullHeader() {
        PutResponse r = f.put("a", "1");
        assertEquals(ResponseHeader.newBuilder().setClusterId(SyncConsensus.CLUSTER_ID)
                .setMemberId(SyncConsensus.MEMBER_ID).setRevision(2).setRaftTerm(SyncConsensus.TERM).build(), r.getHeader());
    }

    @Test
    void emptyKeyIsRefused() {
        assertEquals(EtcdError.EMPTY_KEY.message(), error(f.services.kv().put(c, PutRequest.newBuilder().setValue(bs("v")).build())));
        assertEquals(EtcdError.EMPTY_KEY.message(), error(f.services.kv().range(c, RangeRequest.getDefaultInstance())));
        assertEquals(EtcdError.EMPTY_KEY.message(), error(f.services.kv().deleteRange(c, DeleteRangeRequest.getDefaultInstance())));
    }

    @Test
    void ignoreValueWithAValueIsRefused() {
        assertEquals(EtcdError.VALUE_PROVIDED.message(), error(f.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("a")).setValue(bs("v")).setIgnoreValue(true).build())));
    }

    @Test
    void ignoreLeaseWithALeaseIsRefused() {
        assertEquals(EtcdError.LEASE_PROVIDED.message(), error(f.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("a")).setLease(5).setIgnoreLease(true).build())));
    }

    @Test
    void ignoreValueOnAMissingKeyIsKeyNotFound() {
        assertEquals(EtcdError.KEY_NOT_FOUND.message(), error(f.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("a")).setIgnoreValue(true).build())));
        assertEquals(1, f.machine.currentRevision());
    }

    @Test
    void ignoreValueKeepsTheOldValue() {
        f.put("a", "1");
        join(f.services.kv().put(c, PutRequest.newBuilder().setKey(bs("a")).setIgnoreValue(true).build()));
        assertEquals("1", f.range(RangeRequest.newBuilder().setKey(bs("a"))).getKvs(0).getValue().toStringUtf8());
    }

    @Test
    void unknownLeaseIsRefused() {
        assertEquals(EtcdError.LEASE_NOT_FOUND.message(), error(f.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("a")).setLease(123).build())));
    }

    @Test
    void putReturnsThePreviousKeyValueWhenAsked() {
        f.put("a", "1");
        PutResponse r = join(f.services.kv().put(c, PutRequest.newBuilder().setKey(bs("a")).setValue(bs("2")).setPrevKv(true).build()));
        assertEquals("1", r.getPrevKv().getValue().toStringUtf8());
    }

    @Test
    void deleteOfNothingReportsTheCurrentRevision() {
        f.put("a", "1");
        DeleteRangeResponse r = join(f.services.kv().deleteRange(c, DeleteRangeRequest.newBuilder().setKey(bs("b")).build()));
        assertEquals(0, r.getDeleted());
        assertEquals(2, r.getHeader().getRevision());
    }

    @Test
    void deleteRangeReturnsPrevKvsAndCount() {
        f.put("a", "1");
        f.put("b", "2");
        DeleteRangeResponse r = join(f.services.kv().deleteRange(c, DeleteRangeRequest.newBuilder()
                .setKey(bs("a")).setRangeEnd(bs("\0")).setPrevKv(true).build()));
        assertEquals(2, r.getDeleted());
        assertEquals(2, r.getPrevKvsCount());
        assertEquals(4, r.getHeader().getRevision());
    }

    @Test
    void limitSetsMoreAndCountIsTheTotal() {
        f.put("a", "1");
        f.put("b", "2");
        f.put("c", "3");
        RangeResponse r = f.range(RangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("\0")).setLimit(2));
        assertEquals(2, r.getKvsCount());
        assertTrue(r.getMore());
        assertEquals(3, r.getCount());
    }

    @Test
    void sortDescendingByModRevisionThenLimit() {
        f.put("b", "1");
        f.put("a", "2");
        f.put("c", "3");
        RangeResponse r = f.range(RangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("d")).setLimit(2)
                .setSortOrder(RangeRequest.SortOrder.DESCEND).setSortTarget(RangeRequest.SortTarget.MOD));
        assertEquals("c", r.getKvs(0).getKey().toStringUtf8());
        assertEquals("a", r.getKvs(1).getKey().toStringUtf8());
        assertTrue(r.getMore());
    }

    @Test
    void keysOnlyDropsValuesAndCountOnlyDropsKvs() {
        f.put("a", "1");
        assertTrue(f.range(RangeRequest.newBuilder().setKey(bs("a")).setKeysOnly(true)).getKvs(0).getValue().isEmpty());
        RangeResponse r = f.range(RangeRequest.newBuilder().setKey(bs("a")).setCountOnly(true));
        assertEquals(0, r.getKvsCount());
        assertEquals(1, r.getCount());
    }

    @Test
    void modRevisionFilterPrunesAfterFetching() {
        f.put("a", "1");
        f.put("b", "2");
        RangeResponse r = f.range(RangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("z")).setMinModRevision(3));
        assertEquals(1, r.getKvsCount());
        assertEquals(2, r.getCount());
    }

    @Test
    void txnIsOneRevision() {
        TxnResponse r = join(f.services.kv().txn(c, TxnRequest.newBuilder().addSuccess(put("a", "1")).addSuccess(put("b", "2")).build()));
        assertTrue(r.getSucceeded());
        assertEquals(2, r.getHeader().getRevision());
        assertEquals(2, r.getResponses(1).getResponsePut().getHeader().getRevision());
    }

    @Test
    void readOnlyTxnDoesNotAdvanceTheRevision() {
        f.put("a", "1");
        TxnResponse r = join(f.services.kv().txn(c, TxnRequest.newBuilder().addSuccess(get("a")).build()));
        assertEquals(2, r.getHeader().getRevision());
        assertEquals(2, f.machine.currentRevision());
        assertEquals(1, r.getResponses(0).getResponseRange().getKvsCount());
    }

    @Test
    void failedCompareRunsTheFailureBranch() {
        f.put("a", "1");
        TxnRequest t = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bs("a")).setTarget(Compare.CompareTarget.VALUE)
                        .setResult(Compare.CompareResult.EQUAL).setValue(bs("2")))
                .addSuccess(put("x", "s")).addFailure(put("x", "f")).build();
        TxnResponse r = join(f.services.kv().txn(c, t));
        assertFalse(r.getSucceeded());
        assertEquals("f", f.range(RangeRequest.newBuilder().setKey(bs("x"))).getKvs(0).getValue().toStringUtf8());
    }

    @Test
    void versionCompareOnMissingKeyComparesAgainstZero() {
        TxnRequest t = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bs("a")).setTarget(Compare.CompareTarget.VERSION)
                        .setResult(Compare.CompareResult.EQUAL).setVersion(0))
                .addSuccess(put("a", "1")).build();
        assertTrue(join(f.services.kv().txn(c, t)).getSucceeded());
    }

    @Test
    void nestedTxnResponseHasAnEmptyHeader() {
        TxnRequest inner = TxnRequest.newBuilder().addSuccess(put("b", "1")).build();
        TxnResponse r = join(f.services.kv().txn(c, TxnRequest.newBuilder()
                .addSuccess(put("a", "1")).addSuccess(RequestOp.newBuilder().setRequestTxn(inner)).build()));
        TxnResponse nested = r.getResponses(1).getResponseTxn();
        assertTrue(nested.hasHeader());
        assertEquals(ResponseHeader.getDefaultInstance(), nested.getHeader());
        assertEquals(2, nested.getResponses(0).getResponsePut().getHeader().getRevision());
    }

    @Test
    void tooManyOpsIsRefused() {
        Fixture small = new Fixture(new Limits(2, 1572864, 0));
        TxnRequest t = TxnRequest.newBuilder().addSuccess(put("a", "1")).addSuccess(put("b", "1")).addSuccess(put("c", "1")).build();
        assertEquals(EtcdError.TOO_MANY_OPS.message(), error(small.services.kv().txn(c, t)));
    }

    @Test
    void duplicatePutInTxnIsRefused() {
        TxnRequest t = TxnRequest.newBuilder().addSuccess(put("a", "1")).addSuccess(put("a", "2")).build();
        assertEquals(EtcdError.DUPLICATE_KEY.message(), error(f.services.kv().txn(c, t)));
    }

    @Test
    void putInsideADeletedRangeIsADuplicate() {
        TxnRequest t = TxnRequest.newBuilder().addSuccess(del("a", "c")).addSuccess(put("b", "2")).build();
        assertEquals(EtcdError.DUPLICATE_KEY.message(), error(f.services.kv().txn(c, t)));
    }

    @Test
    void emptyKeyInACompareIsRefused() {
        TxnRequest t = TxnRequest.newBuilder().addCompare(Compare.newBuilder()).build();
        assertEquals(EtcdError.EMPTY_KEY.message(), error(f.services.kv().txn(c, t)));
    }

    @Test
    void oversizedRequestIsRefused() {
        Fixture small = new Fixture(new Limits(128, 64, 0));
        assertEquals(EtcdError.REQUEST_TOO_LARGE.message(), error(small.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("a")).setValue(bs("x".repeat(100))).build())));
    }

    @Test
    void compactionOfAFutureRevisionIsRefused() {
        assertEquals(EtcdError.FUTURE_REV.message(),
                error(f.services.kv().compact(c, CompactionRequest.newBuilder().setRevision(9).build())));
    }

    @Test
    void rangeAtACompactedRevisionIsRefused() {
        f.put("a", "1");
        f.put("a", "2");
        join(f.services.kv().compact(c, CompactionRequest.newBuilder().setRevision(3).build()));
        assertEquals(EtcdError.COMPACTED.message(), error(f.services.kv().range(c,
                RangeRequest.newBuilder().setKey(bs("a")).setRevision(2).build())));
    }

    @Test
    void putOverTheQuotaIsRefusedAndRaisesNoSpace() {
        Fixture tiny = new Fixture(new Limits(128, 1572864, 1));
        assertEquals(EtcdError.NO_SPACE.message(), error(tiny.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("a")).setValue(bs("1")).build())));
        assertEquals(1, tiny.machine.cluster().alarms(io.ketch.proto.etcdserverpb.AlarmType.NOSPACE).size());
    }

    @Test
    void raisedNoSpaceRefusesPutsButNotDeletes() {
        f.put("a", "1");
        join(f.services.maintenance().alarm(c, io.ketch.proto.etcdserverpb.AlarmRequest.newBuilder()
                .setAction(io.ketch.proto.etcdserverpb.AlarmRequest.AlarmAction.ACTIVATE)
                .setMemberID(SyncConsensus.MEMBER_ID).setAlarm(io.ketch.proto.etcdserverpb.AlarmType.NOSPACE).build()));
        assertEquals(EtcdError.NO_SPACE.message(), error(f.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("b")).setValue(bs("1")).build())));
        assertEquals(1, join(f.services.kv().deleteRange(c, DeleteRangeRequest.newBuilder().setKey(bs("a")).build())).getDeleted());
    }

    @Test
    void stoppedConsensusIsServerStopped() {
        f.consensus.fail(ConsensusException.Reason.STOPPED);
        assertEquals(EtcdError.STOPPED.message(), error(f.services.kv().put(c,
                PutRequest.newBuilder().setKey(bs("a")).build())));
    }

    @Test
    void linearizableReadWithoutLeaderIsNoLeader() {
        f.consensus.fail(ConsensusException.Reason.NO_LEADER);
        assertEquals(EtcdError.NO_LEADER.message(), error(f.services.kv().range(c,
                RangeRequest.newBuilder().setKey(bs("a")).build())));
    }

    @Test
    void serializableReadNeedsNoConsensus() {
        f.put("a", "1");
        f.consensus.fail(ConsensusException.Reason.TIMEOUT);
        assertEquals(1, f.range(RangeRequest.newBuilder().setKey(bs("a")).setSerializable(true)).getKvsCount());
    }
}
