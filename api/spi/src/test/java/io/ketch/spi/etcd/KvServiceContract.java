package io.ketch.spi.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.CompactionResponse;
import io.ketch.proto.etcdserverpb.Compare.CompareResult;
import io.ketch.proto.etcdserverpb.Compare.CompareTarget;
import io.ketch.proto.etcdserverpb.DefragmentRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.HashKVRequest;
import io.ketch.proto.etcdserverpb.HashKVResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.proto.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KvService} must show, after etcd 3.4: reads, writes, transactions,
 * compaction and revisions, with etcd's exact error codes and messages. An implementation's test
 * class extends this and supplies {@link #openKv()} (and {@link #maintenance()} when it has one).
 * The randomised test takes its seed from {@code -Dketch.seed} when given and prints it in every
 * failure.
 */
public abstract class KvServiceContract extends KvTxnContract {
    private CompactionResponse compact(long revision) throws Exception {
        return join(kv.compact(CALLER, CompactionRequest.newBuilder().setRevision(revision).build()));
    }

    /** a=1 at r, a=2 at r+1, a=3 at r+2; returns r. */
    private long putHistory() throws Exception {
        long r = put("a", "1").getHeader().getRevision();
        put("a", "2");
        put("a", "3");
        return r;
    }

    @Test
    void readBelowTheCompactedRevisionIsRefused() throws Exception {
        long r = putHistory();
        compact(r + 1);
        assertFailsWith(EtcdError.COMPACTED, kv.range(CALLER, RangeRequest.newBuilder().setKey(bs("a")).setRevision(r).build()));
    }

    @Test
    void readAtTheCompactedRevisionStillWorks() throws Exception {
        long r = putHistory();
        compact(r + 1);
        assertEquals("2", only(range(RangeRequest.newBuilder().setKey(bs("a")).setRevision(r + 1))).getValue().toStringUtf8());
        assertEquals("3", only(get("a")).getValue().toStringUtf8());
    }

    @Test
    void compactionAnswersWithTheCurrentRevision() throws Exception {
        long r = putHistory();
        assertEquals(r + 2, compact(r).getHeader().getRevision());
    }

    @Test
    void compactingAnAlreadyCompactedRevisionIsRefused() throws Exception {
        long r = putHistory();
        compact(r + 1);
        assertFailsWith(EtcdError.COMPACTED, kv.compact(CALLER, CompactionRequest.newBuilder().setRevision(r + 1).build()));
        assertFailsWith(EtcdError.COMPACTED, kv.compact(CALLER, CompactionRequest.newBuilder().setRevision(r).build()));
    }

    @Test
    void compactingAFutureRevisionIsRefused() throws Exception {
        long r = putHistory();
        assertFailsWith(EtcdError.FUTURE_REV, kv.compact(CALLER, CompactionRequest.newBuilder().setRevision(r + 3).build()));
    }

    @Test
    void compactionKeepsTheLatestValueOfEveryKey() throws Exception {
        putAll("a", "b", "c");
        delete(DeleteRangeRequest.newBuilder().setKey(bs("b")));
        long now = put("a", "2").getHeader().getRevision();
        compact(now);
        assertEquals(List.of("a", "c"), keys(range(all())));
        assertEquals("2", only(get("a")).getValue().toStringUtf8());
    }

    @Test
    void txnRangeBelowTheCompactedRevisionIsRefused() throws Exception {
        long r = putHistory();
        compact(r + 1);
        assertFailsWith(EtcdError.COMPACTED, kv.txn(CALLER, TxnRequest.newBuilder()
                .addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("a")).setRevision(r))).build()));
    }

    @Test
    void txnRangeAtAFutureRevisionIsRefused() throws Exception {
        long r = putHistory();
        assertFailsWith(EtcdError.FUTURE_REV, kv.txn(CALLER, TxnRequest.newBuilder()
                .addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("a")).setRevision(r + 3))).build()));
    }

    @Test
    void headerRevisionNeverGoesBackAndEachChangeAddsOne() throws Exception {
        long seed = Long.getLong("ketch.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " revision test seed=" + seed);
        Random random = new Random(seed);
        long last = revision();
        for (int i = 0; i < 300; i++) {
            String key = "k" + random.nextInt(6);
            String what = "seed=" + seed + " step " + i;
            switch (random.nextInt(5)) {
                case 0 -> last = expect(last + 1, put(key, "v" + i).getHeader(), what + " put");
                case 1 -> {
                    var r = delete(DeleteRangeRequest.newBuilder().setKey(bs(key)));
                    last = expect(r.getDeleted() > 0 ? last + 1 : last, r.getHeader(), what + " delete");
                }
                case 2 -> {
                    var r = txn(TxnRequest.newBuilder()
                            .addCompare(compare(key, CompareTarget.VERSION, CompareResult.GREATER).setVersion(0))
                            .addSuccess(putOp(key, "t" + i)).addFailure(getOp(RangeRequest.newBuilder().setKey(bs(key)))));
                    last = expect(r.getSucceeded() ? last + 1 : last, r.getHeader(), what + " txn");
                }
                case 3 -> last = expect(last, range(all()).getHeader(), what + " range");
                default -> last = expect(last, txn(TxnRequest.newBuilder()
                        .addSuccess(getOp(RangeRequest.newBuilder().setKey(bs(key))))).getHeader(), what + " read txn");
            }
        }
    }

    @Test
    void concurrentPutsEachGetTheirOwnRevision() throws Exception {
        long base = revision();
        int threads = 4;
        int perThread = 50;
        Map<String, Long> revisions = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(new Thread(() -> {
                try {
                    go.await();
                    long last = 0;
                    for (int i = 0; i < perThread; i++) {
                        String key = "t" + thread + "/" + i;
                        long rev = put(key, "v").getHeader().getRevision();
                        assertTrue(rev > last, key + " got revision " + rev + " after " + last);
                        last = rev;
                        revisions.put(key, rev);
                    }
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        writers.forEach(Thread::start);
        go.countDown();
        for (Thread w : writers) {
            w.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        }
        if (failed.get() != null) {
            throw new AssertionError("a writer failed: " + failed.get(), failed.get());
        }
        assertEquals(threads * perThread, new HashSet<>(revisions.values()).size(), "revisions are distinct");
        assertEquals(base + threads * perThread, revision());
        for (var e : revisions.entrySet()) {
            assertEquals((long) e.getValue(), only(get(e.getKey())).getModRevision(), e.getKey());
        }
    }

    @Test
    void serializableRangeOnOneMemberSeesEveryAcknowledgedWrite() throws Exception {
        long rev = putAll("a", "b");
        RangeResponse r = range(all().setSerializable(true));
        assertEquals(List.of("a", "b"), keys(r));
        assertEquals(rev, r.getHeader().getRevision());
    }

    private static long expect(long expected, ResponseHeader header, String what) {
        assertEquals(expected, header.getRevision(), what);
        return expected;
    }

    @Test
    void txnSubResponsesCarryOnlyTheRevisionAtTheirPoint() throws Exception {
        long before = putAll("x");
        var r = txn(TxnRequest.newBuilder().addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("x"))))
                .addSuccess(putOp("x", "2")).addSuccess(getOp(RangeRequest.newBuilder().setKey(bs("x")))));
        // etcd fills only the revision in a txn's inner headers: the store's, as of that op.
        assertEquals(ResponseHeader.newBuilder().setRevision(before).build(), r.getResponses(0).getResponseRange().getHeader());
        assertEquals(ResponseHeader.newBuilder().setRevision(before + 1).build(), r.getResponses(1).getResponsePut().getHeader());
        assertEquals(ResponseHeader.newBuilder().setRevision(before + 1).build(), r.getResponses(2).getResponseRange().getHeader());
    }

    @Test
    void everyResponseHeaderNamesTheClusterMemberAndTerm() throws Exception {
        List<ResponseHeader> headers = List.of(put("a", "1").getHeader(), get("a").getHeader(),
                txn(TxnRequest.newBuilder().addSuccess(putOp("b", "1"))).getHeader(),
                delete(DeleteRangeRequest.newBuilder().setKey(bs("b"))).getHeader(),
                compact(revision()).getHeader());
        for (ResponseHeader h : headers) {
            assertTrue(h.getClusterId() != 0 && h.getMemberId() != 0 && h.getRaftTerm() >= 1, "incomplete header " + h);
        }
        ResponseHeader first = headers.get(0);
        assertTrue(headers.stream().allMatch(h -> h.getClusterId() == first.getClusterId()
                && h.getMemberId() == first.getMemberId()), "one member answers: " + headers);
    }

    @Test
    void statusHeaderCarriesTheKvRevision() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        long rev = putAll("a", "b");
        assertEquals(rev, join(maintenance().status(CALLER, StatusRequest.getDefaultInstance())).getHeader().getRevision());
    }

    @Test
    void hashKvAtARevisionIgnoresLaterWrites() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        long rev = putAll("a", "b");
        HashKVRequest at = HashKVRequest.newBuilder().setRevision(rev).build();
        long before = join(maintenance().hashKV(CALLER, at)).getHash();
        put("c", "1");
        put("a", "2");
        long after = join(maintenance().hashKV(CALLER, at)).getHash();
        assertEquals(before, after, "hash of the key space up to revision " + rev);
        assertTrue(join(maintenance().hashKV(CALLER, HashKVRequest.getDefaultInstance())).getHeader().getRevision() >= rev + 2);
    }

    private HashKVResponse hashKv(long revision) throws Exception {
        return join(maintenance().hashKV(CALLER, HashKVRequest.newBuilder().setRevision(revision).build()));
    }

    /** The hashes etcd 3.4.23 reports for the same history (a fresh member, etcdctl endpoint hashkv). */
    @Test
    void hashKvOfAFreshStoreMatchesEtcd() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        HashKVResponse r = hashKv(0);
        assertEquals(1084519789L, Integer.toUnsignedLong(r.getHash()));
        assertEquals(-1, r.getCompactRevision());
        assertEquals(1, r.getHeader().getRevision());
    }

    /** put a 1, put b 2, put a 3, del b: the hashes etcd 3.4.23 reports now and at revision 3. */
    @Test
    void hashKvMatchesEtcdForTheSameHistory() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        put("a", "1");
        put("b", "2");
        put("a", "3");
        delete(DeleteRangeRequest.newBuilder().setKey(bs("b")));
        assertEquals(1125682900L, Integer.toUnsignedLong(hashKv(0).getHash()), "now");
        assertEquals(1827592406L, Integer.toUnsignedLong(hashKv(3).getHash()), "at revision 3");
        assertEquals(5, hashKv(3).getHeader().getRevision());
    }

    /** The same history compacted at 3: etcd 3.4.23's hashes and compact revision. */
    @Test
    void hashKvMatchesEtcdAfterCompaction() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        put("a", "1");
        put("b", "2");
        put("a", "3");
        delete(DeleteRangeRequest.newBuilder().setKey(bs("b")));
        compact(3);
        HashKVResponse now = hashKv(0);
        assertEquals(1468967122L, Integer.toUnsignedLong(now.getHash()), "now");
        assertEquals(3, now.getCompactRevision());
        assertEquals(1107643163L, Integer.toUnsignedLong(hashKv(4).getHash()), "at revision 4");
    }

    @Test
    void statusReportsEtcdsVersionAndThisMemberAsLeader() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        putAll("a", "b");
        StatusResponse s = join(maintenance().status(CALLER, StatusRequest.getDefaultInstance()));
        assertEquals("3.4.23", s.getVersion());
        assertEquals(s.getHeader().getMemberId(), s.getLeader());
        assertEquals(s.getHeader().getRaftTerm(), s.getRaftTerm());
        assertTrue(s.getRaftIndex() >= 1 && s.getRaftAppliedIndex() >= 1, s.toString());
        assertTrue(s.getDbSize() > 0 && s.getDbSizeInUse() > 0 && s.getDbSizeInUse() <= s.getDbSize(), s.toString());
        assertTrue(!s.getIsLearner() && s.getErrorsCount() == 0, s.toString());
    }

    @Test
    void freshMemberHasNoAlarms() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        AlarmResponse r = join(maintenance().alarm(CALLER, AlarmRequest.newBuilder()
                .setAction(AlarmRequest.AlarmAction.GET).build()));
        assertEquals(0, r.getAlarmsCount());
    }

    @Test
    void defragmentKeepsEveryKeyAndRevision() throws Exception {
        assumeTrue(maintenance() != null, "no maintenance service");
        long rev = putAll("a", "b", "c");
        join(maintenance().defragment(CALLER, DefragmentRequest.getDefaultInstance()));
        assertEquals(List.of("a", "b", "c"), keys(range(all())));
        assertEquals(rev, revision());
        assertEquals("va", only(range(RangeRequest.newBuilder().setKey(bs("a")).setRevision(rev - 2))).getValue().toStringUtf8());
    }
}
