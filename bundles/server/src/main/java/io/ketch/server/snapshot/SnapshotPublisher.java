package io.ketch.server.snapshot;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private final Supplier<Path> file;
    private final Executor executor;

    /**
     * A stream of the file the supplier writes (a temporary file, deleted once streamed or
     * abandoned), produced on the executor.
     */
    public SnapshotPublisher(Supplier<Path> file, Executor executor) {
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
        private Path db;
        private FileChannel channel;
        private long size;
        private long sent;
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
        public void cancel() {
            synchronized (this) {
                cancelled = true;
                if (draining) {
                    return; // the drain loop sees the flag and cleans up
                }
            }
            executor.execute(this::release);
        }

        /** Closes and deletes the temporary file; idempotent. */
        private synchronized void release() {
            try {
                if (channel != null) {
                    channel.close();
                }
                if (db != null) {
                    Files.deleteIfExists(db);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete snapshot file " + db, e);
            }
            channel = null;
            db = null;
        }

        private void drain() {
            try {
                while (true) {
                    SnapshotResponse next;
                    synchronized (this) {
                        if (cancelled || finished || demand == 0) {
                            draining = false;
                            if (cancelled) {
                                release();
                            }
                            return;
                        }
                        demand--;
                    }
                    next = next();
                    subscriber.onNext(next);
                    if (finished) {
                        LOG.log(System.Logger.Level.INFO, "successfully sent database snapshot to client ["
                                + size + " bytes]");
                        release();
                        subscriber.onComplete();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    finished = true;
                }
                release();
                subscriber.onError(e);
            }
        }

        /** The next message: a chunk, or the checksum after the last chunk. */
        private SnapshotResponse next() throws IOException {
            if (channel == null) {
                db = file.get();
                channel = FileChannel.open(db, StandardOpenOption.READ);
                size = channel.size();
                sha = sha256();
                LOG.log(System.Logger.Level.INFO, "sending database snapshot to client " + humanBytes(size)
                        + " [" + size + " bytes]");
            }
            if (sent < size) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, size - sent));
                while (buf.hasRemaining()) {
                    if (channel.read(buf, sent + buf.position()) < 0) {
                        throw new IOException("snapshot file shrank");
                    }
                }
                byte[] chunk = buf.array();
                sha.update(chunk);
                sent += chunk.length;
                return SnapshotResponse.newBuilder().setRemainingBytes(size - sent)
                        .setBlob(ByteString.copyFrom(chunk)).build();
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
