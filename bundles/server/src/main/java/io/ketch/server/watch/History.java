package io.ketch.server.watch;

import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import java.util.List;
import java.util.function.Function;

/**
 * The MVCC history the hub reads: catch-up events and previous values. Every read runs in one
 * consistent view taken between apply batches.
 */
public interface History {
    /** Runs reader against one view of the committed store. */
    <T> T read(Function<View, T> reader);

    /** One committed view of the store. */
    interface View {
        /** The revision of the last compaction, -1 if none. */
        long compactRevision();

        /** Every change with a main revision in [from, to], in revision order, as etcd's kvsToEvents shapes them. */
        List<Event> events(long from, long to);

        /** The key's value at rev, or null if it had none (or rev is compacted). */
        KeyValue valueAt(byte[] key, long rev);
    }
}
