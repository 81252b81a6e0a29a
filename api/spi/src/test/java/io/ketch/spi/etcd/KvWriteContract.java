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
import io.ketch.proto.etcdserverpb.ResponseOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.mvccpb.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's write part: puts and deletes with prev_kv, and transactions' compares and branches. */
public abstract class KvWriteContract extends KvRangeContract {
    @Test
    void putWithPrevKvReturnsThePreviousKeyValue() throws Exception {
        long rev = put("a", "1").getHeader().getRevision();
        PutResponse r = join(kv.put(CALLER, PutRequest.newBuilder().setKey(bs("a")).setValue(bs("2")).setPrevKv(true).build()));
        assertEquals(KeyValue.newBuilder().setKey(bs("a")).setValue(bs("1")).setCreateRevision(rev).setModRevision(rev)
                .setVersion(1).build(), r.getPrevKv());
    }

    @Test
    void putWithPrevKvOfANewKeyReturnsNone() throws Exception {
        PutResponse r = join(kv.put(CALLER, PutRequest.newBuilder().setKey(bs("a")).setValue(bs("1")).setPrevKv(true).build()));
        assertFalse(r.hasPrevKv());
    }

    @Test
    void putWithoutPrevKvReturnsNone() throws Exception {
        put("a", "1");
        assertFalse(put("a", "2").hasPrevKv());
    }

    @Test
    void putWithAnEmptyKeyIsRefused() {
        assertFailsWith(EtcdError.EMPTY_KEY, kv.put(CALLER, PutRequest.newBuilder().setValue(bs("v")).build()));
    }

    @Test
    void deleteRangeDeletesEveryKeyInOneRevisionAndCountsThem() throws Exception {
        long before = putAll("a", "ab", "ac", "b");
        DeleteRangeResponse r = delete(DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("b")));
        assertEquals(3, r.getDeleted());
        assertEquals(before + 1, r.getHeader().getRevision());
        assertEquals(0, r.getPrevKvsCount(), "no prev_kvs unless asked");
        assertEquals(List.of("b"), keys(range(all())));
    }

    @Test
    void deleteWithPrevKvReturnsTheDeletedKeyValues() throws Exception {
        putAll("a", "ab", "b");
        DeleteRangeResponse r = delete(DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("b")).setPrevKv(true));
        assertEquals(List.of("a", "ab"), r.getPrevKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList());
        assertEquals(List.of("va", "vab"), r.getPrevKvsList().stream().map(kv -> kv.getValue().toStringUtf8()).toList());
    }

    @Test
    void deleteOfAMissingKeyDoesNotRaiseTheRevision() throws Exception {
        long before = putAll("a");
        DeleteRangeResponse r = delete(DeleteRangeRequest.newBuilder().setKey(bs("b")));
        assertEquals(0, r.getDeleted());
        assertEquals(before, r.getHeader().getRevision());
        assertEquals(before + 1, put("c", "1").getHeader().getRevision());
    }

    @Test
    void deletedKeyComesBackAsANewKey() throws Exception {
        putAll("a");
        put("a", "2");
        delete(DeleteRangeRequest.newBuilder().setKey(bs("a")));
        long rev = put("a", "3").getHeader().getRevision();
        KeyValue kv = only(get("a"));
        assertEquals(1, kv.getVersion());
        assertEquals(rev, kv.getCreateRevision());
    }

    @Test
    void deleteWithAnEmptyKeyIsRefused() {
        assertFailsWith(EtcdError.EMPTY_KEY, kv.deleteRange(CALLER, DeleteRangeRequest.getDefaultInstance()));
    }

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
}
