package io.ketch.server.mvcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import org.junit.jupiter.api.Test;

class MvccStoreTest {
    private final StoreHarness h = new StoreHarness();

    @Test
    void emptyStoreIsAtRevisionOne() {
        assertEquals(1, h.store.currentRevision());
    }

    @Test
    void putGetsTheNextMainRevisionAndCountsVersions() {
        assertEquals(2, h.put("a", "1"));
        assertEquals(3, h.put("a", "2"));
        KeyValue kv = h.get("a", 0);
        assertEquals(2, kv.getCreateRevision());
        assertEquals(3, kv.getModRevision());
        assertEquals(2, kv.getVersion());
        assertEquals("2", kv.getValue().toStringUtf8());
    }

    @Test
    void changesOfOneTxnShareTheMainRevisionWithRisingSubRevisions() {
        h.write(w -> {
            w.put(StoreHarness.b("a"), com.google.protobuf.ByteString.copyFromUtf8("1"), 0);
            w.put(StoreHarness.b("b"), com.google.protobuf.ByteString.copyFromUtf8("2"), 0);
            return null;
        });
        try (var tx = h.backend.read()) {
            assertTrue(tx.get(MvccStore.KEY_BUCKET, new Revision(2, 0).toBytes(false)) != null);
            assertTrue(tx.get(MvccStore.KEY_BUCKET, new Revision(2, 1).toBytes(false)) != null);
        }
        assertEquals(2, h.store.currentRevision());
    }

    @Test
    void revisionKeyIsSeventeenBytesWithUnderscore() {
        byte[] k = new Revision(2, 1).toBytes(false);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 2, '_', 0, 0, 0, 0, 0, 0, 0, 1}, k);
        assertEquals('t', new Revision(2, 1).toBytes(true)[17]);
    }

    @Test
    void deleteRangeTombstonesEveryKeyInOneRevision() {
        h.put("a", "1");
        h.put("b", "2");
        h.put("c", "3");
        assertEquals(2, h.delete("a", "c"));
        assertEquals(5, h.store.currentRevision());
        assertNull(h.get("a", 0));
        assertNull(h.get("b", 0));
        assertEquals("3", h.get("c", 0).getValue().toStringUtf8());
    }

    @Test
    void deleteOfMissingKeyDoesNotAdvanceTheRevision() {
        h.put("a", "1");
        assertEquals(0, h.delete("zz", null));
        assertEquals(2, h.store.currentRevision());
    }

    @Test
    void recreatedKeyStartsANewGeneration() {
        h.put("a", "1");
        h.delete("a", null);
        h.put("a", "2");
        KeyValue kv = h.get("a", 0);
        assertEquals(4, kv.getCreateRevision());
        assertEquals(1, kv.getVersion());
    }

    @Test
    void rangeAtAPastRevisionSeesTheValueThen() {
        h.put("a", "1");
        h.put("a", "2");
        assertEquals("1", h.get("a", 2).getValue().toStringUtf8());
        assertNull(h.get("a", 1));
    }

    @Test
    void allKeysFromKeyRangeHasNoUpperBound() {
        h.put("a", "1");
        h.put("b", "2");
        h.put("\u00ff", "3");
        assertEquals(3, h.range(StoreHarness.b("a"), new byte[0], RangeOptions.ALL).kvs().size());
    }

    @Test
    void rangeCountsAllMatchesButReturnsOnlyTheLimit() {
        h.put("a", "1");
        h.put("b", "2");
        h.put("c", "3");
        RangeResult r = h.range(StoreHarness.b("a"), StoreHarness.b("z"), new RangeOptions(2, 0, false));
        assertEquals(2, r.kvs().size());
        assertEquals(3, r.count());
    }

    @Test
    void rangeAtAFutureRevisionIsRefused() {
        h.put("a", "1");
        EtcdException e = assertThrows(EtcdException.class, () -> h.range("a", null, 3));
        assertEquals(EtcdError.FUTURE_REV.message(), e.getMessage());
    }

    @Test
    void rangeBelowTheCompactedRevisionIsRefused() {
        h.put("a", "1");
        h.put("a", "2");
        h.put("a", "3");
        h.compact(3);
        EtcdException e = assertThrows(EtcdException.class, () -> h.range("a", null, 2));
        assertEquals(EtcdError.COMPACTED.message(), e.getMessage());
        assertEquals("2", h.get("a", 3).getValue().toStringUtf8());
    }

    @Test
    void compactingAnAlreadyCompactedRevisionIsRefused() {
        h.put("a", "1");
        h.put("a", "2");
        h.compact(3);
        EtcdException e = assertThrows(EtcdException.class, () -> h.compact(3));
        assertEquals(EtcdError.COMPACTED.message(), e.getMessage());
    }

    @Test
    void compactingAFutureRevisionIsRefused() {
        h.put("a", "1");
        EtcdException e = assertThrows(EtcdException.class, () -> h.compact(5));
        assertEquals(EtcdError.FUTURE_REV.message(), e.getMessage());
    }

    @Test
    void compactionKeepsTheLatestRevisionOfLiveKeysAndDropsTheRest() {
        h.put("a", "1");
        h.put("a", "2");
        h.put("b", "1");
        h.delete("b", null);
        h.put("c", "1");
        assertEquals(5, h.records());
        h.compact(5);
        // a@3 and c@6 would stay, but 6 > 5: c is untouched; b's generation and tombstone are gone
        assertEquals(2, h.records());
        assertEquals("2", h.get("a", 0).getValue().toStringUtf8());
        assertEquals(2, h.store.indexedKeys());
    }

    @Test
    void reopeningRebuildsTheIndexFromTheBackend() {
        h.put("a", "1");
        h.put("a", "2");
        h.put("b", "1");
        h.delete("b", null);
        h.compact(3);
        h.reopen();
        assertEquals(5, h.store.currentRevision());
        assertEquals(3, h.store.compactRevision());
        assertEquals(2, h.get("a", 0).getVersion());
        assertNull(h.get("b", 0));
        assertEquals(6, h.put("a", "3"));
        assertEquals(3, h.get("a", 0).getVersion());
        assertEquals(2, h.get("a", 0).getCreateRevision());
    }

    @Test
    void hashKVIsEqualForEqualHistories() {
        StoreHarness other = new StoreHarness();
        for (StoreHarness s : new StoreHarness[] {h, other}) {
            s.put("a", "1");
            s.put("b", "2");
        }
        assertEquals(h.hash(0), other.hash(0));
        other.put("c", "3");
        assertNotEquals(h.hash(0).hash(), other.hash(0).hash());
        assertEquals(h.hash(3).hash(), other.hash(3).hash());
    }

    @Test
    void hashKVAtACompactedRevisionIsRefused() {
        h.put("a", "1");
        h.put("a", "2");
        h.compact(2);
        EtcdException e = assertThrows(EtcdException.class, () -> h.hash(2));
        assertEquals(EtcdError.COMPACTED.message(), e.getMessage());
    }
}
