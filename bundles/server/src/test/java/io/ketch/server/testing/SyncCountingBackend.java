package io.ketch.server.testing;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import io.ketch.storage.memory.MemoryBackend;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory backend, counting sync() calls so a test can see that a swap synced. */
public final class SyncCountingBackend implements Backend {
    private final MemoryBackend delegate = new MemoryBackend();
    private final AtomicInteger syncs = new AtomicInteger();
    private final String name;

    public SyncCountingBackend(String name) {
        this.name = name;
    }

    /** How often sync() was called. */
    public int syncs() {
        return syncs.get();
    }

    @Override
    public ReadTxn read() {
        return delegate.read();
    }

    @Override
    public WriteTxn write() {
        return delegate.write();
    }

    @Override
    public void sync() {
        syncs.incrementAndGet();
        delegate.sync();
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long sizeInUse() {
        return delegate.sizeInUse();
    }

    @Override
    public void defragment() {
        delegate.defragment();
    }

    @Override
    public String name() {
        return name;
    }
}
