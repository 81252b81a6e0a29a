package io.ketch.server.watch;

import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.spi.etcd.WatchListener;
import io.ketch.spi.etcd.WatchStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client stream on the hub. Requests are handed to the hub's thread, so the stream's watchers
 * and every call of its listener live on that one thread, in order.
 */
final class HubStream implements WatchStream {
    private static final System.Logger LOG = System.getLogger("etcdserver");

    final WatchListener listener;
    final Map<Long, Watcher> watchers = new HashMap<>();
    /** etcd's watchStream.nextID: auto ids count up from 0, skipping ids the client chose. */
    long nextId;
    boolean closed;
    private final WatchHub hub;
    private final Executor hubThread;

    HubStream(WatchHub hub, Executor hubThread, WatchListener listener) {
        this.hub = hub;
        this.hubThread = hubThread;
        this.listener = listener;
    }

    @Override
    public void send(WatchRequest request) {
        run(() -> hub.handle(this, request));
    }

    @Override
    public void close() {
        run(() -> hub.close(this));
    }

    private void run(Runnable task) {
        try {
            hubThread.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the service is going away; its streams end with it
        }
    }

    /** Sends a response unless the stream is closed; a failing listener ends the stream. */
    void deliver(WatchResponse response) {
        if (closed) {
            return;
        }
        try {
            listener.onResponse(response);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to send watch response to gRPC stream", e);
            hub.close(this);
        }
    }

    boolean isReady() {
        try {
            return !closed && listener.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
