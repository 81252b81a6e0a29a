package io.ketch.storage.mvstore;

import java.util.Collection;
import org.h2.mvstore.MVStore;

/**
 * A read view: the snapshot published by the last commit, plus a registration of the store
 * version that keeps every chunk the snapshot's pages live in from being freed or overwritten.
 * It only reads immutable pages, so it is in fact safe to share between threads, though the SPI
 * does not promise that.
 */
final class MvStoreView extends MvStoreRead {
    private final OpenStore store;
    private final Snapshot snapshot;
    private MVStore.TxCounter pin;

    MvStoreView(OpenStore store, Snapshot snapshot, MVStore.TxCounter pin) {
        this.store = store;
        this.snapshot = snapshot;
        this.pin = pin;
    }

    @Override
    Snapshot.Root root(String bucket) {
        return snapshot.roots().get(bucket);
    }

    @Override
    Collection<String> names() {
        return snapshot.roots().keySet();
    }

    @Override
    public synchronized void close() {
        if (pin != null) {
            store.unpin(pin);
            pin = null;
        }
    }
}
