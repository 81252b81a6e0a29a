package io.ketch.spi.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.Compare;
import io.ketch.proto.etcdserverpb.Compare.CompareResult;
import io.ketch.proto.etcdserverpb.Compare.CompareTarget;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.ResponseOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.mvccpb.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract's transaction part: compares on each target with each operator, branches, the
 * revision a txn makes, and the requests etcd refuses.
 */
public abstract class KvTxnContract extends KvWriteContract {
    /** Whether a txn with this one compare takes its success branch. */
    private boolean holds(Compare.Builder compare) throws Exception {
        return txn(TxnRequest.newBuilder().addCompare(compare)).getSucceeded();
    }

    private static Compare.Builder compare(String key, CompareTarget target, CompareResult result, long operand) {
        Compare.Builder c = compare(key, target, result);
        return switch (target) {
            case VERSION -> c.setVersion(operand);
            case CREATE -> c.setCreateRevision(operand);
            case MOD -> c.setModRevision(operand);
            case LEASE -> c.setLease(operand);
            default -> throw new IllegalArgumentException(target.toString());
        };
    }

    /** Checks all four result operators of a numeric target whose value on key "a" is actual. */
    private void assertNumericCompare(CompareTarget target, long actual) throws Exception {
        String t = target + " " + actual;
        assertTrue(holds(compare("a", target, CompareResult.EQUAL, actual)), t + " = itself");
        assertFalse(holds(compare("a", target, CompareResult.EQUAL, actual + 1)), t + " = +1");
        assertTrue(holds(compare("a", target, CompareResult.NOT_EQUAL, actual + 1)), t + " != +1");
        assertFalse(holds(compare("a", target, CompareResult.NOT_EQUAL, actual)), t + " != itself");
        assertTrue(holds(compare("a", target, CompareResult.GREATER, actual - 1)), t + " > -1");
        assertFalse(holds(compare("a", target, CompareResult.GREATER, actual)), t + " > itself");
        assertTrue(holds(compare("a", target, CompareResult.LESS, actual + 1)), t + " < +1");
        assertFalse(holds(compare("a", target, CompareResult.LESS, actual)), t + " < itself");
    }

    @Test
    void compareOnTheValueWithEachOperator() throws Exception {
        put("a", "v");
        assertTrue(holds(compare("a", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bs("v"))));
        assertFalse(holds(compare("a", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bs("w"))));
        assertTrue(holds(compare("a", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(bs("w"))));
        assertFalse(holds(compare("a", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(bs("v"))));
        assertTrue(holds(compare("a", CompareTarget.VALUE, CompareResult.GREATER).setValue(bs("u"))));
        assertFalse(holds(compare("a", CompareTarget.VALUE, CompareResult.GREATER).setValue(bs("v"))));
        assertTrue(holds(compare("a", CompareTarget.VALUE, CompareResult.LESS).setValue(bs("w"))));
        assertFalse(holds(compare("a", CompareTarget.VALUE, CompareResult.LESS).setValue(bs("v"))));
    }

    @Test
    void compareOnTheVersionWithEachOperator() throws Exception {
        put("a", "1");
        put("a", "2");
        assertNumericCompare(CompareTarget.VERSION, 2);
    }

    @Test
    void compareOnTheCreateRevisionWithEachOperator() throws Exception {
        long created = put("a", "1").getHeader().getRevision();
        put("a", "2");
        assertNumericCompare(CompareTarget.CREATE, created);
    }

    @Test
    void compareOnTheModRevisionWithEachOperator() throws Exception {
        put("a", "1");
        long modified = put("a", "2").getHeader().getRevision();
        put("b", "1");
        assertNumericCompare(CompareTarget.MOD, modified);
    }

    @Test
    void valueCompareOnAMissingKeyNeverHolds() throws Exception {
        assertFalse(holds(compare("a", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bs(""))));
        assertFalse(holds(compare("a", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(bs("x"))));
    }

    @Test
    void numericCompareOnAMissingKeySeesZero() throws Exception {
        assertTrue(holds(compare("a", CompareTarget.VERSION, CompareResult.EQUAL, 0)));
        assertTrue(holds(compare("a", CompareTarget.CREATE, CompareResult.EQUAL, 0)));
        assertTrue(holds(compare("a", CompareTarget.MOD, CompareResult.LESS, 1)));
    }

    private static TxnRequest.Builder branches(Compare.Builder... compares) {
        TxnRequest.Builder t = TxnRequest.newBuilder()
                .addSuccess(putOp("s", "1")).addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("a"))))
                .addFailure(putOp("f", "1"));
        for (Compare.Builder c : compares) {
            t.addCompare(c);
        }
        return t;
    }

    @Test
    void txnRunsOnlyTheSuccessBranchWhenEveryCompareHolds() throws Exception {
        long rev = put("a", "1").getHeader().getRevision();
        TxnResponse r = txn(branches(compare("a", CompareTarget.VERSION, CompareResult.EQUAL, 1),
                compare("a", CompareTarget.MOD, CompareResult.EQUAL, rev)));
        assertTrue(r.getSucceeded());
        assertEquals(List.of(ResponseOp.ResponseCase.RESPONSE_PUT, ResponseOp.ResponseCase.RESPONSE_RANGE),
                r.getResponsesList().stream().map(ResponseOp::getResponseCase).toList());
        assertEquals("1", only(get("s")).getValue().toStringUtf8());
        assertEquals(0, get("f").getKvsCount());
    }

    @Test
    void txnRunsOnlyTheFailureBranchWhenAnyCompareFails() throws Exception {
        put("a", "1");
        TxnResponse r = txn(branches(compare("a", CompareTarget.VERSION, CompareResult.EQUAL, 1),
                compare("a", CompareTarget.VERSION, CompareResult.GREATER, 1)));
        assertFalse(r.getSucceeded());
        assertEquals(List.of(ResponseOp.ResponseCase.RESPONSE_PUT),
                r.getResponsesList().stream().map(ResponseOp::getResponseCase).toList());
        assertEquals(0, get("s").getKvsCount());
        assertEquals(1, get("f").getKvsCount());
    }

    @Test
    void txnRangeSeesTheTxnsOwnEarlierWrites() throws Exception {
        long before = put("a", "1").getHeader().getRevision();
        TxnResponse r = txn(TxnRequest.newBuilder().addSuccess(putOp("a", "2"))
                .addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("a")))));
        KeyValue seen = only(r.getResponses(1).getResponseRange());
        assertEquals("2", seen.getValue().toStringUtf8());
        assertEquals(before + 1, seen.getModRevision());
    }

    @Test
    void txnWritesShareOneRevision() throws Exception {
        long before = putAll("a");
        TxnResponse r = txn(TxnRequest.newBuilder().addSuccess(putOp("x", "1")).addSuccess(putOp("y", "1"))
                .addSuccess(deleteOp("a")));
        assertEquals(before + 1, r.getHeader().getRevision());
        assertEquals(before + 1, only(get("x")).getModRevision());
        assertEquals(before + 1, only(get("y")).getModRevision());
        assertEquals(before + 1, revision());
    }

    @Test
    void readOnlyTxnDoesNotRaiseTheRevision() throws Exception {
        long before = putAll("a");
        TxnResponse r = txn(TxnRequest.newBuilder().addCompare(compare("a", CompareTarget.VERSION, CompareResult.EQUAL, 1))
                .addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("a"))))
                .addFailure(getOp(RangeRequest.newBuilder().setKey(bs("b")))));
        assertTrue(r.getSucceeded());
        assertEquals(before, r.getHeader().getRevision());
        assertEquals(before + 1, put("b", "1").getHeader().getRevision());
    }

    @Test
    void compareOverARangeMustHoldForEveryKeyInIt() throws Exception {
        put("a", "1");
        put("b", "1");
        put("b", "2");
        assertFalse(holds(compare("a", CompareTarget.VERSION, CompareResult.GREATER, 1).setRangeEnd(bs("c"))));
        assertTrue(holds(compare("a", CompareTarget.VERSION, CompareResult.GREATER, 0).setRangeEnd(bs("c"))));
        assertTrue(holds(compare("a", CompareTarget.VERSION, CompareResult.LESS, 3).setRangeEnd(bs("\0"))));
    }

    @Test
    void compareOverAnEmptyRangeSeesZero() throws Exception {
        put("a", "1");
        assertTrue(holds(compare("x", CompareTarget.VERSION, CompareResult.EQUAL, 0).setRangeEnd(bs("y"))));
        assertFalse(holds(compare("x", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(bs("v")).setRangeEnd(bs("y"))));
    }

    @Test
    void txnPuttingAKeyTwiceIsRefused() throws Exception {
        long before = revision();
        assertFailsWith(EtcdError.DUPLICATE_KEY, kv.txn(CALLER, TxnRequest.newBuilder()
                .addSuccess(putOp("a", "1")).addSuccess(putOp("a", "2")).build()));
        assertEquals(before, revision());
    }

    @Test
    void txnPuttingAKeyItDeletesIsRefused() {
        assertFailsWith(EtcdError.DUPLICATE_KEY, kv.txn(CALLER, TxnRequest.newBuilder()
                .addSuccess(putOp("d1", "1"))
                .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
                        .setKey(bs("d")).setRangeEnd(bs("e")))).build()));
    }

    @Test
    void txnMayReadAndWriteAKeyAndNameItInBothBranches() throws Exception {
        long before = revision();
        TxnResponse r = txn(TxnRequest.newBuilder().addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("a"))))
                .addSuccess(putOp("a", "1")).addFailure(putOp("a", "2")));
        assertEquals(before + 1, r.getHeader().getRevision());
        assertEquals("1", only(get("a")).getValue().toStringUtf8());
    }

    /** etcd's default --max-txn-ops is 128; a fresh service uses the defaults. */
    @Test
    void txnWithMoreOpsThanTheLimitIsRefused() {
        TxnRequest.Builder t = TxnRequest.newBuilder();
        for (int i = 0; i < 129; i++) {
            t.addSuccess(putOp("k" + i, "1"));
        }
        assertFailsWith(EtcdError.TOO_MANY_OPS, kv.txn(CALLER, t.build()));
    }

    @Test
    void txnWithAsManyOpsAsTheLimitIsAccepted() throws Exception {
        TxnRequest.Builder t = TxnRequest.newBuilder();
        for (int i = 0; i < 128; i++) {
            t.addSuccess(putOp("k" + i, "1"));
        }
        assertTrue(txn(t).getSucceeded());
        assertEquals(128, range(between("k", "l")).getCount());
    }

    @Test
    void txnWhoseTakenBranchOnlyReadsDoesNotRaiseTheRevision() throws Exception {
        long before = putAll("a");
        TxnResponse r = txn(TxnRequest.newBuilder()
                .addCompare(compare("zz", CompareTarget.VERSION, CompareResult.GREATER, 0))
                .addSuccess(putOp("zz", "1")).addFailure(getOp(RangeRequest.newBuilder().setKey(bs("a")))));
        assertFalse(r.getSucceeded());
        assertEquals(before, r.getHeader().getRevision());
        assertEquals(before, r.getResponses(0).getResponseRange().getHeader().getRevision());
    }

    @Test
    void txnDeletingNothingDoesNotRaiseTheRevision() throws Exception {
        long before = putAll("a");
        TxnResponse r = txn(TxnRequest.newBuilder().addSuccess(deleteOp("nothing")));
        assertEquals(before, r.getHeader().getRevision());
        assertEquals(0, r.getResponses(0).getResponseDeleteRange().getDeleted());
        assertEquals(before + 1, put("b", "1").getHeader().getRevision());
    }

    @Test
    void txnWithAnEmptyKeyInAnOpOrACompareIsRefused() {
        assertFailsWith(EtcdError.EMPTY_KEY, kv.txn(CALLER, TxnRequest.newBuilder()
                .addSuccess(putOp("", "1")).build()));
        assertFailsWith(EtcdError.EMPTY_KEY, kv.txn(CALLER, TxnRequest.newBuilder()
                .addFailure(getOp(RangeRequest.newBuilder())).build()));
        assertFailsWith(EtcdError.EMPTY_KEY, kv.txn(CALLER, TxnRequest.newBuilder()
                .addCompare(compare("", CompareTarget.VERSION, CompareResult.EQUAL, 0)).build()));
    }

    @Test
    void nestedTxnRunsInTheOuterTxnsRevision() throws Exception {
        long before = revision();
        TxnRequest.Builder inner = TxnRequest.newBuilder().addSuccess(putOp("n", "1"));
        TxnResponse r = txn(TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestTxn(inner))
                .addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("n")))));
        TxnResponse nested = r.getResponses(0).getResponseTxn();
        assertTrue(nested.getSucceeded());
        // etcd 3.4.23 leaves a nested txn's own header empty; its ops carry the revision.
        assertEquals(ResponseHeader.getDefaultInstance(), nested.getHeader());
        assertEquals(before + 1, nested.getResponses(0).getResponsePut().getHeader().getRevision());
        assertEquals(before + 1, only(r.getResponses(1).getResponseRange()).getModRevision());
        assertEquals(before + 1, r.getHeader().getRevision());
    }
}
