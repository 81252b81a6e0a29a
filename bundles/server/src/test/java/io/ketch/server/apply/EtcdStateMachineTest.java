package io.ketch.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RequestHeader;
import io.ketch.server.testing.SyncCountingBackend;
import io.ketch.spi.consensus.LogEntry;
import io.ketch.spi.etcd.EtcdException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EtcdStateMachineTest {
    private final SyncCountingBackend backend = new SyncCountingBackend("first");
    private EtcdStateMachine machine = new EtcdStateMachine(backend);
    private long index;

    private static byte[] put(String k, String v) {
        return InternalRaftRequest.newBuilder().setHeader(RequestHeader.newBuilder().setID(1))
                .setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(k)).setValue(ByteString.copyFromUtf8(v)))
                .build().toByteArray();
    }

    private Object apply(byte[] command) {
        return machine.apply(List.of(new LogEntry(++index, 1, command))).get(0);
    }

    private String get(EtcdStateMachine m, String k) {
        var r = m.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(k)).build());
        return r.getKvsCount() == 0 ? null : r.getKvs(0).getValue().toStringUtf8();
    }

    @Test
    void putReturnsItsResponseWithTheRevision() {
        PutResponse r = assertInstanceOf(PutResponse.class, apply(put("a", "1")));
        assertEquals(2, r.getHeader().getRevision());
    }

    @Test
    void aBatchIsAppliedInOrderAndRecordsTheLastIndex() {
        List<Object> out = machine.apply(List.of(new LogEntry(1, 1, put("a", "1")), new LogEntry(2, 1, null),
                new LogEntry(3, 1, put("a", "2"))));
        assertNull(out.get(1));
        assertEquals(3, machine.appliedIndex());
        assertEquals("2", get(machine, "a"));
    }

    @Test
    void commitListenerSeesPutsAndDeletesWithTheirRevisions() {
        List<String> seen = new ArrayList<>();
        machine.addCommitListener((events, rev) -> events.forEach(e ->
                seen.add(e.getType() + " " + e.getKv().getKey().toStringUtf8() + "@" + e.getKv().getModRevision() + "/" + rev)));
        apply(put("a", "1"));
        byte[] del = InternalRaftRequest.newBuilder().setDeleteRange(io.ketch.proto.etcdserverpb.DeleteRangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("a"))).build().toByteArray();
        apply(del);
        apply(del); // deletes nothing: no event
        assertEquals(List.of("PUT a@2/2", "DELETE a@3/3"), seen);
    }

    @Test
    void entryWithoutCommandOnlyAdvancesTheIndex() {
        apply(null);
        assertEquals(1, machine.appliedIndex());
        assertEquals(1, machine.currentRevision());
    }

    @Test
    void refusedRequestIsReturnedAsTheError() {
        byte[] cmd = InternalRaftRequest.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("a")).setIgnoreValue(true)).build().toByteArray();
        assertInstanceOf(EtcdException.class, apply(cmd));
        assertEquals(1, machine.appliedIndex());
    }

    @Test
    void restartKeepsTheConsistentIndexAndRebuildsTheIndex() {
        apply(put("a", "1"));
        apply(put("a", "2"));
        machine = new EtcdStateMachine(backend);
        assertEquals(2, machine.appliedIndex());
        assertEquals(3, machine.currentRevision());
        assertEquals("2", get(machine, "a"));
    }

    @Test
    void entriesAppliedBeforeARestartAreSkipped() {
        apply(put("a", "1"));
        machine = new EtcdStateMachine(backend);
        assertNull(machine.apply(List.of(new LogEntry(1, 1, put("a", "again")))).get(0));
        assertEquals("1", get(machine, "a"));
    }

    @Test
    void snapshotRestoresIntoAnotherMember() throws IOException {
        apply(put("a", "1"));
        apply(put("b", "2"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, machine.snapshot(out));
        EtcdStateMachine other = new EtcdStateMachine(new SyncCountingBackend("other"));
        other.apply(List.of(new LogEntry(1, 1, put("stale", "x"))));
        other.restore(new ByteArrayInputStream(out.toByteArray()), 5, 2);
        assertEquals(5, other.appliedIndex());
        assertEquals("2", get(other, "b"));
        assertNull(get(other, "stale"));
        assertEquals(machine.hashKV(0), other.hashKV(0));
    }

    @Test
    void corruptSnapshotIsRejected() throws IOException {
        apply(put("a", "1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.snapshot(out);
        byte[] bytes = out.toByteArray();
        bytes[20] ^= 1;
        EtcdStateMachine other = new EtcdStateMachine(new SyncCountingBackend("other"));
        assertThrows(IOException.class, () -> other.restore(new ByteArrayInputStream(bytes), 1, 1));
    }

    @Test
    void swapCopiesEverythingToTheNewBackend() {
        apply(put("a", "1"));
        SyncCountingBackend next = new SyncCountingBackend("second");
        machine.swapBackend(next);
        assertEquals(next, machine.backend());
        assertEquals(1, next.syncs());
        apply(put("b", "2"));
        EtcdStateMachine reopened = new EtcdStateMachine(next);
        assertEquals("1", get(reopened, "a"));
        assertEquals("2", get(reopened, "b"));
        assertEquals(2, reopened.appliedIndex());
    }

    @Test
    void swapDuringWritesLosesNoAcknowledgedWrite() throws InterruptedException {
        SyncCountingBackend next = new SyncCountingBackend("second");
        AtomicLong acked = new AtomicLong();
        CountDownLatch halfway = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= 200; i++) {
                machine.apply(List.of(new LogEntry(i, 1, put("k" + i, "v"))));
                acked.set(i);
                if (i == 100) {
                    halfway.countDown();
                }
            }
        });
        writer.start();
        halfway.await();
        machine.swapBackend(next);
        writer.join();
        EtcdStateMachine reopened = new EtcdStateMachine(next);
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= acked.get(); i++) {
            if (get(reopened, "k" + i) == null) {
                missing.add("k" + i);
            }
        }
        assertEquals(List.of(), missing);
        assertEquals(200, reopened.appliedIndex());
    }
}
