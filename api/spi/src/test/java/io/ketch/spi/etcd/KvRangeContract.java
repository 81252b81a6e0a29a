package io.ketch.spi.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeRequest.SortOrder;
import io.ketch.proto.etcdserverpb.RangeRequest.SortTarget;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's read part: ranges, limits, revisions, sorting and filters, as etcd 3.4 answers them. */
public abstract class KvRangeContract extends KvFixture {
    @Test
    void freshStoreIsEmptyAtRevisionOne() throws Exception {
        RangeResponse r = range(all());
        assertEquals(1, r.getHeader().getRevision());
        assertEquals(0, r.getCount());
        assertEquals(0, r.getKvsCount());
    }

    @Test
    void putThenRangeReturnsTheKeyValue() throws Exception {
        long rev = put("a", "1").getHeader().getRevision();
        RangeResponse r = get("a");
        assertEquals(KeyValue.newBuilder().setKey(bs("a")).setValue(bs("1")).setCreateRevision(rev)
                .setModRevision(rev).setVersion(1).build(), only(r));
        assertEquals(1, r.getCount());
        assertFalse(r.getMore());
        assertEquals(rev, r.getHeader().getRevision());
    }

    @Test
    void putAgainRaisesVersionAndModRevisionButKeepsCreateRevision() throws Exception {
        long created = put("a", "1").getHeader().getRevision();
        long modified = put("a", "2").getHeader().getRevision();
        assertEquals(created + 1, modified);
        KeyValue kv = only(get("a"));
        assertEquals("2", kv.getValue().toStringUtf8());
        assertEquals(created, kv.getCreateRevision());
        assertEquals(modified, kv.getModRevision());
        assertEquals(2, kv.getVersion());
    }

    @Test
    void rangeOfAMissingKeyIsEmpty() throws Exception {
        putAll("a");
        RangeResponse r = get("b");
        assertEquals(0, r.getKvsCount());
        assertEquals(0, r.getCount());
        assertFalse(r.getMore());
    }

    @Test
    void prefixRangeReturnsTheKeysWithThePrefix() throws Exception {
        putAll("a", "ab", "abc", "ac", "b");
        assertEquals(List.of("ab", "abc"), keys(range(between("ab", "ac"))));
        assertEquals(List.of("a", "ab", "abc", "ac"), keys(range(between("a", "b"))));
    }

    @Test
    void rangeEndingBeforeItsKeyIsEmpty() throws Exception {
        putAll("a", "b", "c");
        RangeResponse r = range(between("c", "a"));
        assertEquals(0, r.getKvsCount());
        assertEquals(0, r.getCount());
    }

    @Test
    void fromKeyRangeReturnsEveryKeyFromTheKeyOn() throws Exception {
        putAll("a", "ab", "abc", "ac", "b");
        assertEquals(List.of("ab", "abc", "ac", "b"), keys(range(between("ab", "\0"))));
        assertEquals(List.of("a", "ab", "abc", "ac", "b"), keys(range(all())));
    }

    @Test
    void limitTruncatesSetsMoreAndStillCountsEveryKey() throws Exception {
        putAll("a", "b", "c", "d", "e");
        RangeResponse limited = range(all().setLimit(2));
        assertEquals(List.of("a", "b"), keys(limited));
        assertTrue(limited.getMore());
        assertEquals(5, limited.getCount());
        RangeResponse exact = range(all().setLimit(5));
        assertEquals(5, exact.getKvsCount());
        assertFalse(exact.getMore(), "no more keys beyond the limit");
        assertEquals(5, range(all().setLimit(0)).getKvsCount(), "limit 0 means none");
    }

    @Test
    void rangeAtAnOldRevisionSeesTheStateThen() throws Exception {
        long first = put("a", "1").getHeader().getRevision();
        long second = put("a", "2").getHeader().getRevision();
        long withB = put("b", "1").getHeader().getRevision();
        long deleted = delete(DeleteRangeRequest.newBuilder().setKey(bs("a")))
                .getHeader().getRevision();
        assertEquals("1", only(range(RangeRequest.newBuilder().setKey(bs("a")).setRevision(first))).getValue().toStringUtf8());
        assertEquals("2", only(range(RangeRequest.newBuilder().setKey(bs("a")).setRevision(second))).getValue().toStringUtf8());
        assertEquals(List.of("a", "b"), keys(range(all().setRevision(withB))));
        RangeResponse now = range(all().setRevision(deleted));
        assertEquals(List.of("b"), keys(now));
        assertEquals(deleted, range(all().setRevision(first)).getHeader().getRevision(),
                "the header carries the current revision, not the one read");
    }

    /**
     * k1, k2, k3 with every target in a different order: create k2 < k3 < k1, mod k1 < k3 < k2,
     * version k1 (1) < k3 (2) < k2 (3), value k2 ("x") < k3 ("y") < k1 ("z"). etcd's sort is not
     * stable, so no two keys tie on any target.
     */
    private void putSortFixture() throws Exception {
        put("k2", "c");
        put("k3", "c");
        put("k1", "z");
        put("k2", "c");
        put("k3", "y");
        put("k2", "x");
    }

    private static final Map<SortTarget, List<String>> ASCENDING = Map.of(
            SortTarget.KEY, List.of("k1", "k2", "k3"),
            SortTarget.CREATE, List.of("k2", "k3", "k1"),
            SortTarget.MOD, List.of("k1", "k3", "k2"),
            SortTarget.VERSION, List.of("k1", "k3", "k2"),
            SortTarget.VALUE, List.of("k2", "k3", "k1"));

    @Test
    void sortAscendingOrdersByEachTarget() throws Exception {
        putSortFixture();
        for (Map.Entry<SortTarget, List<String>> e : ASCENDING.entrySet()) {
            RangeResponse r = range(between("k", "l").setSortOrder(SortOrder.ASCEND).setSortTarget(e.getKey()));
            assertEquals(e.getValue(), keys(r), "ascending by " + e.getKey());
        }
    }

    @Test
    void sortDescendingOrdersByEachTarget() throws Exception {
        putSortFixture();
        for (Map.Entry<SortTarget, List<String>> e : ASCENDING.entrySet()) {
            RangeResponse r = range(between("k", "l").setSortOrder(SortOrder.DESCEND).setSortTarget(e.getKey()));
            assertEquals(reversed(e.getValue()), keys(r), "descending by " + e.getKey());
        }
    }

    private static List<String> reversed(List<String> in) {
        List<String> out = new ArrayList<>(in);
        Collections.reverse(out);
        return out;
    }

    @Test
    void sortOrderNoneWithATargetOtherThanKeySortsAscending() throws Exception {
        putSortFixture();
        for (Map.Entry<SortTarget, List<String>> e : ASCENDING.entrySet()) {
            RangeResponse r = range(between("k", "l").setSortOrder(SortOrder.NONE).setSortTarget(e.getKey()));
            assertEquals(e.getValue(), keys(r), "order NONE, target " + e.getKey());
        }
    }

    @Test
    void sortHappensBeforeTheLimit() throws Exception {
        putSortFixture();
        RangeResponse r = range(between("k", "l").setSortOrder(SortOrder.DESCEND).setLimit(2));
        assertEquals(List.of("k3", "k2"), keys(r));
        assertTrue(r.getMore());
        assertEquals(3, r.getCount());
    }

    @Test
    void keysOnlyLeavesOutTheValues() throws Exception {
        long rev = put("a", "1").getHeader().getRevision();
        KeyValue kv = only(range(RangeRequest.newBuilder().setKey(bs("a")).setKeysOnly(true)));
        assertEquals(KeyValue.newBuilder().setKey(bs("a")).setCreateRevision(rev).setModRevision(rev)
                .setVersion(1).build(), kv);
    }

    @Test
    void countOnlyReturnsTheCountAndNoKeys() throws Exception {
        putAll("a", "b", "c");
        RangeResponse r = range(all().setCountOnly(true));
        assertEquals(3, r.getCount());
        assertEquals(0, r.getKvsCount());
        RangeResponse limited = range(all().setCountOnly(true).setLimit(1));
        assertEquals(3, limited.getCount(), "count-only ignores the limit");
        assertEquals(0, limited.getKvsCount());
    }

    /** a created at r, b at r+1, c at r+2; a modified again at r+3. */
    private long putFilterFixture() throws Exception {
        long r = putAll("a", "b", "c") - 2;
        put("a", "again");
        return r;
    }

    @Test
    void modRevisionBoundsFilterTheKeysButNotTheCount() throws Exception {
        long r = putFilterFixture();
        RangeResponse maxMod = range(all().setMaxModRevision(r + 1));
        assertEquals(List.of("b"), keys(maxMod));
        assertEquals(3, maxMod.getCount(), "etcd counts before filtering");
        assertEquals(List.of("a", "c"), keys(range(all().setMinModRevision(r + 2))));
        assertEquals(List.of("c"), keys(range(all().setMinModRevision(r + 2).setMaxModRevision(r + 2))));
    }

    @Test
    void createRevisionBoundsFilterTheKeysButNotTheCount() throws Exception {
        long r = putFilterFixture();
        RangeResponse maxCreate = range(all().setMaxCreateRevision(r + 1));
        assertEquals(List.of("a", "b"), keys(maxCreate));
        assertEquals(3, maxCreate.getCount(), "etcd counts before filtering");
        assertEquals(List.of("b", "c"), keys(range(all().setMinCreateRevision(r + 1))));
    }

    @Test
    void filtersApplyBeforeTheLimit() throws Exception {
        long r = putFilterFixture();
        RangeResponse res = range(all().setMinCreateRevision(r + 1).setLimit(1));
        assertEquals(List.of("b"), keys(res));
        assertTrue(res.getMore());
        assertEquals(3, res.getCount());
    }

    @Test
    void rangeWithAnEmptyKeyIsRefused() {
        assertFailsWith(EtcdError.EMPTY_KEY, kv.range(CALLER, RangeRequest.getDefaultInstance()));
    }

    @Test
    void rangeAtAFutureRevisionIsRefused() throws Exception {
        long rev = putAll("a");
        assertFailsWith(EtcdError.FUTURE_REV, kv.range(CALLER, all().setRevision(rev + 1).build()));
    }
}
