package io.ketch.itests.e2e;

import static io.ketch.itests.e2e.Failures.assertFailsWith;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * jetcd against one Ketch member. Every test writes under its own prefix (the test name), and
 * compaction only ever compacts revisions older than the test's own, so tests do not interfere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetcdKvTest {
    private MemberProcess member;
    private Client client;
    private KV kv;
    private String prefix;

    @BeforeAll
    void start(@TempDir Path work) {
        member = Members.candidate("jetcd", work).start();
        client = JetcdClients.connect(member);
        kv = client.getKVClient();
    }

    @org.junit.jupiter.api.BeforeEach
    void prefix(TestInfo info) {
        prefix = "/" + info.getTestMethod().orElseThrow().getName() + "/";
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (member != null) {
            member.close();
        }
    }

    @Test
    void putThenGetReturnsValueWithVersionAndRevisions() throws Exception {
        PutResponse first = await(kv.put(key("a"), bytes("1")));
        PutResponse second = await(kv.put(key("a"), bytes("2")));
        GetResponse got = await(kv.get(key("a")));
        KeyValue kvp = got.getKvs().get(0);
        assertEquals("2", kvp.getValue().toString(UTF_8));
        assertEquals(2, kvp.getVersion());
        assertEquals(first.getHeader().getRevision(), kvp.getCreateRevision());
        assertEquals(second.getHeader().getRevision(), kvp.getModRevision());
        assertEquals(second.getHeader().getRevision(), got.getHeader().getRevision());
    }

    @Test
    void putWithPrevKvReturnsThePreviousPair() throws Exception {
        await(kv.put(key("a"), bytes("old")));
        PutResponse put = await(kv.put(key("a"), bytes("new"), PutOption.builder().withPrevKV().build()));
        assertTrue(put.hasPrevKv());
        assertEquals("old", put.getPrevKv().getValue().toString(UTF_8));
    }

    @Test
    void prefixGetReturnsOnlyKeysUnderThePrefixInKeyOrder() throws Exception {
        putAll("b", "a", "c");
        await(kv.put(bytes(prefix.substring(0, prefix.length() - 1) + "0"), bytes("outside")));
        GetResponse got = await(kv.get(key(""), GetOption.builder().isPrefix(true).build()));
        assertEquals(List.of("a", "b", "c"), names(got));
        assertEquals(3, got.getCount());
    }

    @Test
    void limitReturnsTheFirstKeysAndSaysThereIsMore() throws Exception {
        putAll("a", "b", "c", "d");
        GetResponse got = await(kv.get(key(""), GetOption.builder().isPrefix(true).withLimit(2).build()));
        assertEquals(List.of("a", "b"), names(got));
        assertTrue(got.isMore());
        assertEquals(4, got.getCount());
    }

    @Test
    void sortByValueDescendingOrdersByValue() throws Exception {
        await(kv.put(key("a"), bytes("2")));
        await(kv.put(key("b"), bytes("3")));
        await(kv.put(key("c"), bytes("1")));
        GetResponse got = await(kv.get(key(""), GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.VALUE).withSortOrder(GetOption.SortOrder.DESCEND).build()));
        assertEquals(List.of("b", "a", "c"), names(got));
    }

    @Test
    void sortByModRevisionAscendingOrdersByLastWrite() throws Exception {
        putAll("a", "b", "c");
        await(kv.put(key("a"), bytes("again")));
        GetResponse got = await(kv.get(key(""), GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.MOD).withSortOrder(GetOption.SortOrder.ASCEND).build()));
        assertEquals(List.of("b", "c", "a"), names(got));
    }

    @Test
    void getAtRevisionSeesTheValueOfThatRevision() throws Exception {
        long rev = await(kv.put(key("a"), bytes("then"))).getHeader().getRevision();
        await(kv.put(key("a"), bytes("now")));
        GetResponse got = await(kv.get(key("a"), GetOption.builder().withRevision(rev).build()));
        assertEquals("then", got.getKvs().get(0).getValue().toString(UTF_8));
    }

    @Test
    void keysOnlyLeavesValuesEmpty() throws Exception {
        putAll("a", "b");
        GetResponse got = await(kv.get(key(""), GetOption.builder().isPrefix(true).withKeysOnly(true).build()));
        assertEquals(List.of("a", "b"), names(got));
        got.getKvs().forEach(k -> assertTrue(k.getValue().isEmpty()));
    }

    @Test
    void countOnlyReturnsTheCountWithoutPairs() throws Exception {
        putAll("a", "b", "c");
        GetResponse got = await(kv.get(key(""), GetOption.builder().isPrefix(true).withCountOnly(true).build()));
        assertEquals(3, got.getCount());
        assertTrue(got.getKvs().isEmpty());
    }

    @Test
    void serializableGetSeesAnAcknowledgedWrite() throws Exception {
        await(kv.put(key("a"), bytes("v")));
        GetResponse got = await(kv.get(key("a"), GetOption.builder().withSerializable(true).build()));
        assertEquals("v", got.getKvs().get(0).getValue().toString(UTF_8));
    }

    @Test
    void deleteWithPrevKvReturnsTheDeletedPair() throws Exception {
        await(kv.put(key("a"), bytes("gone")));
        DeleteResponse del = await(kv.delete(key("a"), DeleteOption.builder().withPrevKV(true).build()));
        assertEquals(1, del.getDeleted());
        assertEquals("gone", del.getPrevKvs().get(0).getValue().toString(UTF_8));
        assertEquals(0, await(kv.get(key("a"))).getCount());
    }

    @Test
    void prefixDeleteCountsEveryDeletedKey() throws Exception {
        putAll("a", "b", "c");
        DeleteResponse del = await(kv.delete(key(""), DeleteOption.builder().isPrefix(true).build()));
        assertEquals(3, del.getDeleted());
    }

    @Test
    void txnRunsThenBranchWhenCompareHolds() throws Exception {
        await(kv.put(key("a"), bytes("x")));
        TxnResponse txn = await(kv.txn()
                .If(new Cmp(key("a"), Cmp.Op.EQUAL, CmpTarget.value(bytes("x"))))
                .Then(Op.put(key("then"), bytes("1"), PutOption.DEFAULT))
                .Else(Op.put(key("else"), bytes("1"), PutOption.DEFAULT))
                .commit());
        assertTrue(txn.isSucceeded());
        assertEquals(1, await(kv.get(key("then"))).getCount());
        assertEquals(0, await(kv.get(key("else"))).getCount());
    }

    @Test
    void txnRunsElseBranchWhenCompareFails() throws Exception {
        await(kv.put(key("a"), bytes("x")));
        TxnResponse txn = await(kv.txn()
                .If(new Cmp(key("a"), Cmp.Op.GREATER, CmpTarget.version(5)))
                .Then(Op.put(key("then"), bytes("1"), PutOption.DEFAULT))
                .Else(Op.get(key("a"), GetOption.DEFAULT))
                .commit());
        assertFalse(txn.isSucceeded());
        assertEquals("x", txn.getGetResponses().get(0).getKvs().get(0).getValue().toString(UTF_8));
        assertEquals(0, await(kv.get(key("then"))).getCount());
    }

    @Test
    void nestedTxnRunsInsideTheOuterBranch() throws Exception {
        await(kv.put(key("a"), bytes("x")));
        Op inner = Op.txn(new Cmp[] {new Cmp(key("a"), Cmp.Op.EQUAL, CmpTarget.value(bytes("x")))},
                new Op[] {Op.put(key("inner"), bytes("yes"), PutOption.DEFAULT)},
                new Op[] {});
        TxnResponse txn = await(kv.txn()
                .If(new Cmp(key("a"), Cmp.Op.LESS, CmpTarget.modRevision(Long.MAX_VALUE)))
                .Then(inner, Op.get(key("a"), GetOption.DEFAULT))
                .commit());
        assertTrue(txn.isSucceeded());
        assertTrue(txn.getTxnResponses().get(0).isSucceeded());
        assertEquals("yes", await(kv.get(key("inner"))).getKvs().get(0).getValue().toString(UTF_8));
    }

    @Test
    void compactedRevisionIsRefused() throws Exception {
        long old = await(kv.put(key("a"), bytes("1"))).getHeader().getRevision();
        long now = await(kv.put(key("a"), bytes("2"))).getHeader().getRevision();
        await(kv.compact(now, CompactOption.builder().withCompactPhysical(true).build()));
        assertFailsWith("etcdserver: mvcc: required revision has been compacted",
                kv.get(key("a"), GetOption.builder().withRevision(old).build()));
        assertEquals("2", await(kv.get(key("a"))).getKvs().get(0).getValue().toString(UTF_8));
    }

    @Test
    void compactingTwiceAtTheSameRevisionIsRefused() throws Exception {
        long now = await(kv.put(key("a"), bytes("1"))).getHeader().getRevision();
        await(kv.compact(now));
        assertFailsWith("etcdserver: mvcc: required revision has been compacted", kv.compact(now));
    }

    @Test
    void futureRevisionIsRefused() throws Exception {
        long now = await(kv.put(key("a"), bytes("1"))).getHeader().getRevision();
        assertFailsWith("etcdserver: mvcc: required revision is a future revision",
                kv.get(key("a"), GetOption.builder().withRevision(now + 1000).build()));
    }

    @Test
    void txnWithMoreThan128OpsIsRefused() {
        Op[] ops = new Op[129];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = Op.put(key("k" + i), bytes("v"), PutOption.DEFAULT);
        }
        assertFailsWith("etcdserver: too many operations in txn request", kv.txn().Then(ops).commit());
    }

    @Test
    void txnWith128OpsIsAccepted() throws Exception {
        Op[] ops = new Op[128];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = Op.put(key("k" + i), bytes("v"), PutOption.DEFAULT);
        }
        assertTrue(await(kv.txn().Then(ops).commit()).isSucceeded());
        assertEquals(128, await(kv.get(key(""), GetOption.builder().isPrefix(true).withCountOnly(true).build()))
                .getCount());
    }

    @Test
    void txnPuttingOneKeyTwiceIsRefused() {
        assertFailsWith("etcdserver: duplicate key given in txn request", kv.txn()
                .Then(Op.put(key("d"), bytes("1"), PutOption.DEFAULT), Op.put(key("d"), bytes("2"), PutOption.DEFAULT))
                .commit());
    }

    @Test
    void valueOverOneAndAHalfMebibytesIsRefused() {
        byte[] big = new byte[1536 * 1024 + 100];
        assertFailsWith("etcdserver: request is too large", kv.put(key("big"), ByteSequence.from(big)));
    }

    @Test
    void emptyKeyIsRefused() {
        assertFailsWith("etcdserver: key is not provided", kv.put(ByteSequence.EMPTY, bytes("v")));
    }

    @Test
    void maintenanceStatusReportsEtcdVersionAndThisMemberAsLeader() throws Exception {
        await(kv.put(key("a"), bytes("1")));
        StatusResponse status = await(client.getMaintenanceClient().statusMember(member.clientUrl()));
        assertEquals("3.4.23", status.getVersion());
        assertEquals(status.getHeader().getMemberId(), status.getLeader());
        assertTrue(status.getDbSize() > 0, "dbSize " + status.getDbSize());
        assertTrue(status.getRaftIndex() > 0, "raftIndex " + status.getRaftIndex());
        assertTrue(status.getRaftTerm() >= 2, "raftTerm " + status.getRaftTerm());
    }

    private void putAll(String... names) throws Exception {
        for (String n : names) {
            await(kv.put(key(n), bytes(n)));
        }
    }

    private List<String> names(GetResponse got) {
        return got.getKvs().stream().map(k -> k.getKey().toString(UTF_8).substring(prefix.length())).toList();
    }

    private ByteSequence key(String name) {
        return bytes(prefix + name);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }
}
