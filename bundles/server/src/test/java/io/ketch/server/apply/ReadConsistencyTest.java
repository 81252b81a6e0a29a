package io.ketch.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.spi.consensus.LogEntry;
import io.ketch.storage.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadConsistencyTest {
    private static byte[] put(String k, String v) {
        return InternalRaftRequest.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(k)).setValue(ByteString.copyFromUtf8(v))).build().toByteArray();
    }

    @Test
    void readersNeverSeeHalfABatch() throws InterruptedException {
        EtcdStateMachine machine = new EtcdStateMachine(new MemoryBackend());
        AtomicBoolean done = new AtomicBoolean();
        List<String> torn = new ArrayList<>();
        Thread reader = new Thread(() -> {
            RangeRequest all = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("a"))
                    .setRangeEnd(ByteString.copyFromUtf8("c")).build();
            while (!done.get()) {
                RangeResponse r = machine.range(all);
                if (r.getKvsCount() == 2 && !r.getKvs(0).getValue().equals(r.getKvs(1).getValue())) {
                    synchronized (torn) {
                        torn.add(r.getKvs(0).getValue().toStringUtf8() + "/" + r.getKvs(1).getValue().toStringUtf8());
                    }
                }
            }
        });
        reader.start();
        long index = 0;
        for (int i = 0; i < 500; i++) {
            // both keys change in one batch: a reader sees both new values or neither
            machine.apply(List.of(new LogEntry(++index, 1, put("a", "" + i)), new LogEntry(++index, 1, put("b", "" + i))));
        }
        done.set(true);
        reader.join();
        assertEquals(List.of(), torn);
    }
}
