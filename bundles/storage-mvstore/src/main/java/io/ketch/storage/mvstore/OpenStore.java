package io.ketch.storage.mvstore;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.MVStore;

/**
 * One open MVStore file and the views reading it. After a defragment swaps in a new file, the
 * old one is retired: it stays open, unwritten, until its last view closes.
 */
final class OpenStore {
    final MVStore store;
    private final AtomicInteger views = new AtomicInteger();
    private volatile boolean retired;
    private final AtomicBoolean closed = new AtomicBoolean();

    OpenStore(MVStore store) {
        this.store = store;
    }

    /** Registers a view: counts it and pins the store's current version. */
    MVStore.TxCounter pin() {
        views.incrementAndGet();
        return store.registerVersionUsage();
    }

    void unpin(MVStore.TxCounter pin) {
        if (closed.get()) {
            return;
        }
        store.deregisterVersionUsage(pin);
        if (views.decrementAndGet() == 0 && retired) {
            closeNow();
        }
    }

    /** No more writes or new views; closes once the open views are done. */
    void retire() {
        retired = true;
        if (views.get() == 0) {
            closeNow();
        }
    }

    /** Closes without writing anything: the file was replaced, or this is a simulated crash. */
    void closeNow() {
        if (closed.compareAndSet(false, true)) {
            store.closeImmediately();
        }
    }
}
