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

    @Test
    void putWithIgnoreValueKeepsTheValueAndMakesANewRevision() throws Exception {
        put("a", "1");
        long rev = join(kv.put(CALLER, PutRequest.newBuilder().setKey(bs("a")).setIgnoreValue(true).build()))
                .getHeader().getRevision();
        KeyValue kv = only(get("a"));
        assertEquals("1", kv.getValue().toStringUtf8());
        assertEquals(rev, kv.getModRevision());
        assertEquals(2, kv.getVersion());
    }

    @Test
    void putWithIgnoreValueOnAMissingKeyIsRefused() throws Exception {
        long before = revision();
        assertFailsWith(EtcdError.KEY_NOT_FOUND, kv.put(CALLER, PutRequest.newBuilder().setKey(bs("a")).setIgnoreValue(true).build()));
        assertEquals(before, revision());
    }

    @Test
    void putWithIgnoreValueAndAValueIsRefused() throws Exception {
        put("a", "1");
        assertFailsWith(EtcdError.VALUE_PROVIDED, kv.put(CALLER, PutRequest.newBuilder().setKey(bs("a"))
                .setValue(bs("2")).setIgnoreValue(true).build()));
    }

    @Test
    void putWithIgnoreLeaseAndALeaseIsRefused() throws Exception {
        put("a", "1");
        assertFailsWith(EtcdError.LEASE_PROVIDED, kv.put(CALLER, PutRequest.newBuilder().setKey(bs("a"))
                .setLease(5).setIgnoreLease(true).build()));
    }

    @Test
    void putWithAnUngrantedLeaseIsRefused() throws Exception {
        long before = revision();
        assertFailsWith(EtcdError.LEASE_NOT_FOUND, kv.put(CALLER, PutRequest.newBuilder().setKey(bs("a"))
                .setValue(bs("1")).setLease(12345).build()));
        assertEquals(before, revision(), "a refused put makes no revision");
    }

    @Test
    void deleteOfAnEmptyRangeDeletesNothing() throws Exception {
        putAll("a", "b", "c");
        assertEquals(0, delete(DeleteRangeRequest.newBuilder().setKey(bs("c")).setRangeEnd(bs("a"))).getDeleted());
        assertEquals(3, range(all()).getCount());
    }

    @Test
    void deleteFromKeyDeletesEveryKeyFromTheKeyOn() throws Exception {
        putAll("a", "b", "c");
        assertEquals(2, delete(DeleteRangeRequest.newBuilder().setKey(bs("b")).setRangeEnd(bs("\0"))).getDeleted());
        assertEquals(List.of("a"), keys(range(all())));
    }
}
