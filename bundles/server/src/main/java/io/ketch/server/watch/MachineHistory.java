package io.ketch.server.watch;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.mvcc.MvccStore;
import io.ketch.server.mvcc.RangeOptions;
import io.ketch.server.mvcc.RangeResult;
import io.ketch.server.mvcc.Revision;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.spi.storage.ReadTxn;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@link History} over the state machine: the {@code key} bucket scanned by revision, as etcd's syncWatchers does. */
public final class MachineHistory implements History {
    private final EtcdStateMachine machine;

    /** History of the machine's store. */
    public MachineHistory(EtcdStateMachine machine) {
        this.machine = machine;
    }

    @Override
    public <T> T read(Function<View, T> reader) {
        return machine.read((store, tx) -> reader.apply(new StoreView(store, tx)));
    }

    private record StoreView(MvccStore store, ReadTxn tx) implements View {
        @Override
        public long compactRevision() {
            return store.compactRevision();
        }

        @Override
        public List<Event> events(long from, long to) {
            List<Event> out = new ArrayList<>();
            tx.scan(MvccStore.KEY_BUCKET, Revision.lowerBound(from), Revision.lowerBound(to + 1), (k, v) -> {
                KeyValue kv = parse(v);
                if (Revision.isTombstone(k)) {
                    // etcd patches the delete's revision in, so watchers do not skip it
                    out.add(Event.newBuilder().setType(Event.EventType.DELETE)
                            .setKv(kv.toBuilder().setModRevision(Revision.fromBytes(k).main())).build());
                } else {
                    out.add(Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build());
                }
                return true;
            });
            return out;
        }

        @Override
        public KeyValue valueAt(byte[] key, long rev) {
            if (rev <= 0 || rev > store.currentRevision()) {
                return null;
            }
            try {
                RangeResult r = store.range(tx, key, null, new RangeOptions(1, rev, false));
                return r.kvs().isEmpty() ? null : r.kvs().get(0);
            } catch (EtcdException compacted) {
                return null;
            }
        }
    }

    private static KeyValue parse(byte[] v) {
        try {
            return KeyValue.parseFrom(v);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException("corrupt KeyValue record", e);
        }
    }
}
