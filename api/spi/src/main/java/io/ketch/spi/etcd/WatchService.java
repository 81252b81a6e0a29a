package io.ketch.spi.etcd;

import org.osgi.annotation.versioning.ProviderType;

/**
 * etcd's Watch service (etcdserverpb.Watch). A client stream maps to one {@link WatchStream}: the
 * front end passes each {@code WatchRequest} in, and the service sends every {@code WatchResponse}
 * (created, events, progress, cancelled) to the stream's {@link WatchListener}, with etcd 3.4's
 * guarantees: per watcher, events in revision order, none missed, none repeated.
 */
@ProviderType
public interface WatchService {
    /** Opens a stream for one client stream; close it when the client goes away. */
    WatchStream open(Caller caller, WatchListener listener);
}
