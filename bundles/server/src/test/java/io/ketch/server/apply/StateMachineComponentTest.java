package io.ketch.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.spi.consensus.LogEntry;
import io.ketch.storage.memory.MemoryBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DS wiring, driven the way SCR calls it: bind, activate, bind a better backend, unbind the old. */
class StateMachineComponentTest {
    private static byte[] put(String k) {
        return InternalRaftRequest.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(k)).setValue(ByteString.copyFromUtf8("v"))).build().toByteArray();
    }

    @Test
    void greedyRebindMovesTheDataToTheNewBackend() {
        MemoryBackend first = new MemoryBackend();
        MemoryBackend second = new MemoryBackend();
        StateMachineComponent c = new StateMachineComponent();
        c.bindBackend(first);
        c.activate();
        c.apply(List.of(new LogEntry(1, 1, put("a"))));
        c.bindBackend(second);
        c.unbindBackend(first);
        c.apply(List.of(new LogEntry(2, 1, put("b"))));
        assertSame(second, c.stateMachine().backend());
        EtcdStateMachine reopened = new EtcdStateMachine(second);
        assertEquals(2, reopened.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("a"))
                .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build()).getCount());
        assertEquals(2, reopened.appliedIndex());
    }
}
