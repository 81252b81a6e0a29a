package io.ketch.storage.memory;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers a {@link MemoryBackend} as the {@link Backend} service once the configuration
 * {@code io.ketch.storage.memory} exists (any property, e.g. {@code name}, enables it). Its
 * {@code service.ranking}, if configured, becomes the service's ranking.
 */
@Component(configurationPid = "io.ketch.storage.memory", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Backend.class)
public final class MemoryBackendComponent implements Backend {
    private final MemoryBackend store;

    /** Creates an empty store; the data lives as long as the component. */
    @Activate
    public MemoryBackendComponent() {
        store = new MemoryBackend();
        System.getLogger("mvcc").log(System.Logger.Level.INFO, "opened in-memory backend");
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    @Override
    public ReadTxn read() {
        return store.read();
    }

    @Override
    public WriteTxn write() {
        return store.write();
    }

    @Override
    public void sync() {
        store.sync();
    }

    @Override
    public long size() {
        return store.size();
    }

    @Override
    public long sizeInUse() {
        return store.sizeInUse();
    }

    @Override
    public void defragment() {
        store.defragment();
    }

    @Override
    public String name() {
        return store.name();
    }
}
