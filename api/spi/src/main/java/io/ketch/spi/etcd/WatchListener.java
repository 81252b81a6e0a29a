package io.ketch.spi.etcd;

import io.ketch.proto.etcdserverpb.WatchResponse;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a {@link WatchStream} delivers its responses: the front end's view of the client. Calls
 * never block the caller; a slow client is reported through {@link #isReady()}, and the service then
 * holds that stream's events back (etcd's victim handling) instead of blocking writes or other
 * watchers, and sends them once {@link #isReady()} turns true again.
 */
@ConsumerType
public interface WatchListener {
    /** Delivers one response. Must not block. */
    void onResponse(WatchResponse response);

    /** Whether the client can take more responses now without unbounded buffering. */
    boolean isReady();

    /** The stream ended on the service's side; error is null for a normal end. */
    void onClose(Throwable error);
}
