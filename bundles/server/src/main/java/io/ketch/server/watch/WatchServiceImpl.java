package io.ketch.server.watch;

import io.ketch.server.apply.CommitListener;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.WatchListener;
import io.ketch.spi.etcd.WatchService;
import io.ketch.spi.etcd.WatchStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The member's {@link WatchService}: a {@link WatchHub} driven by one thread of its own. The apply
 * thread only queues each committed batch, so a slow client never holds up a write; the hub's
 * thread delivers batches, catches unsynced watchers up, retries victims (every 10 ms, as etcd's
 * syncVictimsLoop) and sends progress notifications.
 */
public final class WatchServiceImpl implements WatchService, AutoCloseable {
    /** etcd retries victims every 10 ms. */
    static final long RETRY_MILLIS = 10;

    private final EtcdStateMachine machine;
    private final ScheduledExecutorService thread;
    private final WatchHub hub;
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private CommitListener listener;

    /**
     * Starts listening to the machine's commits.
     *
     * @param progressMillis etcd's --experimental-watch-progress-notify-interval (10 min by default)
     */
    public WatchServiceImpl(EtcdStateMachine machine, HeaderSource headers, long maxRequestBytes, long progressMillis) {
        this.machine = machine;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "ketch-watch");
            th.setDaemon(true);
            return th;
        });
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread = t;
        // the hub starts at the revision of the view it registers in: no batch falls between the two
        hub = machine.read((store, tx) -> {
            WatchHub h = new WatchHub(new MachineHistory(machine), headers, maxRequestBytes, store.currentRevision());
            listener = (events, revision) -> queue(() -> h.committed(events, revision));
            machine.addCommitListener(listener);
            return h;
        });
        thread.scheduleWithFixedDelay(this::catchUp, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        thread.scheduleAtFixedRate(hub::progressTick, progressMillis, progressMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public WatchStream open(Caller caller, WatchListener listener) {
        WatchStream s;
        try {
            s = hub.open(thread, listener);
        } catch (RejectedExecutionException stopped) {
            listener.onClose(io.ketch.spi.etcd.EtcdError.STOPPED.exception());
            return new WatchStream() {
                @Override
                public void send(io.ketch.proto.etcdserverpb.WatchRequest request) {
                }

                @Override
                public void close() {
                }
            };
        }
        // a watch from the past should not wait for the next tick to start catching up
        return new WatchStream() {
            @Override
            public void send(io.ketch.proto.etcdserverpb.WatchRequest request) {
                s.send(request);
                queueCatchUp();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    /** Called on the apply thread for each batch: only queues it. */
    private void queue(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopped) {
            // closing: no stream is left to tell
        }
    }

    private void queueCatchUp() {
        if (syncQueued.compareAndSet(false, true)) {
            try {
                thread.execute(this::catchUp);
            } catch (RejectedExecutionException stopped) {
                syncQueued.set(false);
            }
        }
    }

    /** One step of victims and history; queues another at once while history is left to send. */
    private void catchUp() {
        syncQueued.set(false);
        try {
            hub.retryVictims();
            if (hub.syncUnsynced()) {
                queueCatchUp();
            }
        } catch (RuntimeException e) {
            System.getLogger("mvcc").log(System.Logger.Level.WARNING, "watch sync failed", e);
        }
    }

    /** Stops listening; every stream's watchers stop with the thread. */
    @Override
    public void close() {
        machine.removeCommitListener(listener);
        try {
            thread.execute(hub::shutdown);
        } catch (RejectedExecutionException already) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }
}
