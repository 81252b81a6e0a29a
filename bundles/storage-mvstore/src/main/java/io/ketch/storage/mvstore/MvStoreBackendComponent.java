package io.ketch.storage.mvstore;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers an {@link MvStoreBackend} on {@code <dataDir>/snap/db.mv} as the {@link Backend}
 * service once the configuration {@code io.ketch.storage.mvstore} exists. Its
 * {@code service.ranking}, if configured, becomes the service's ranking.
 */
@Component(configurationPid = "io.ketch.storage.mvstore", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Backend.class)
public final class MvStoreBackendComponent implements Backend {
    /** The configuration; quotaBackendBytes is enforced by the server, not here. */
    @interface Config {
        /** The member directory, etcd's {@code <data-dir>/member}. */
        String dataDir();

        /** MVStore's page cache, in MiB. */
        int cacheSizeMb() default 64;
    }

    private final MvStoreBackend store;

    @Activate
    public MvStoreBackendComponent(Config config) {
        store = MvStoreBackend.open(Path.of(config.dataDir()), config.cacheSizeMb());
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
