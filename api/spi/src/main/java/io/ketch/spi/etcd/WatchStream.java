package io.ketch.spi.etcd;

import io.ketch.proto.etcdserverpb.WatchRequest;
import org.osgi.annotation.versioning.ProviderType;

/** One client's watch stream: many watchers, each created, cancelled or polled by a request. */
@ProviderType
public interface WatchStream extends AutoCloseable {
    /** Handles a create, cancel or progress request; answers go to the listener. */
    void send(WatchRequest request);

    /** Cancels every watcher of the stream. Idempotent. */
    @Override
    void close();
}
