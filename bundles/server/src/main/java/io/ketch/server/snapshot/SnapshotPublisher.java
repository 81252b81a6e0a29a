package io.ketch.server.snapshot;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * etcd's Maintenance.Snapshot stream: the bbolt file in 32 KiB chunks, each with the bytes still to
 * come, then one message with the file's SHA-256 (which etcdctl checks on restore). The file is
 * built from one consistent view when the subscriber first asks for data.
 */
public final class SnapshotPublisher implements Flow.Publisher<SnapshotResponse> {
    private static final System.Logger LOG = System.getLogger("etcdserver/api/v3rpc");
    static final int CHUNK = 32 * 1024;

    private final Supplier<byte[]> file;
    private final Executor executor;

    /** A stream of the file the supplier builds, produced on the executor. */
    public SnapshotPublisher(Supplier<byte[]> file, Executor executor) {
        this.file = file;
        this.executor = executor;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super SnapshotResponse> subscriber) {
        subscriber.onSubscribe(new Subscription(subscriber));
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super SnapshotResponse> subscriber;
        private long demand;
        private boolean draining;
        private boolean cancelled;
        private boolean finished;
        private byte[] db;
        private int sent;
        private MessageDigest sha;

        Subscription(Flow.Subscriber<? super SnapshotResponse> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (n <= 0) {
                    cancelled = true;
                    executor.execute(() -> subscriber.onError(
                            new IllegalArgumentException("non-positive request")));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                if (draining) {
                    return;
                }
                draining = true;
            }
            executor.execute(this::drain);
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }

        private void drain() {
            try {
                while (true) {
                    SnapshotResponse next;
                    synchronized (this) {
                        if (cancelled || finished || demand == 0) {
                            draining = false;
                            return;
                        }
                        demand--;
                    }
                    next = next();
                    subscriber.onNext(next);
                    if (finished) {
                        LOG.log(System.Logger.Level.INFO, "successfully sent database snapshot to client ["
                                + db.length + " bytes]");
                        subscriber.onComplete();
                        return;
                    }
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    finished = true;
                }
                subscriber.onError(e);
            }
        }

        /** The next message: a chunk, or the checksum after the last chunk. */
        private SnapshotResponse next() {
            if (db == null) {
                db = file.get();
                sha = sha256();
                LOG.log(System.Logger.Level.INFO, "sending database snapshot to client " + humanBytes(db.length)
                        + " [" + db.length + " bytes]");
            }
            if (sent < db.length) {
                int n = Math.min(CHUNK, db.length - sent);
                sha.update(db, sent, n);
                ByteString blob = ByteString.copyFrom(db, sent, n);
                sent += n;
                return SnapshotResponse.newBuilder().setRemainingBytes(db.length - sent).setBlob(blob).build();
            }
            byte[] digest = sha.digest();
            LOG.log(System.Logger.Level.INFO, "sending database sha256 checksum to client [" + digest.length + " bytes]");
            finished = true;
            return SnapshotResponse.newBuilder().setRemainingBytes(0).setBlob(ByteString.copyFrom(digest)).build();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** go-humanize's Bytes: SI units, one decimal below 10 ("1.1 MB", "20 kB", "9 B"). */
    static String humanBytes(long s) {
        if (s < 10) {
            return s + " B";
        }
        String[] sizes = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int e = (int) Math.floor(Math.log(s) / Math.log(1000));
        double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        // Go's %.0f / %.1f round the exact binary value half to even
        return new java.math.BigDecimal(val).setScale(val < 10 ? 1 : 0, java.math.RoundingMode.HALF_EVEN).toPlainString()
                + " " + sizes[e];
    }
}
