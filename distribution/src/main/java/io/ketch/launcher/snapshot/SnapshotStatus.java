package io.ketch.launcher.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * What {@code etcdctl snapshot status} reports for a bbolt file (etcd's clientv3/snapshot
 * {@code Status}): a CRC-32C over every bucket name and every key and value in bucket then key
 * order, the main revision of the last key in the {@code key} bucket, the number of entries and
 * the size bbolt reports for the transaction (high-water page id times the page size, which
 * leaves out the sha256 trailer of a saved snapshot). Reads the file on its own so the launcher
 * needs no bundle on its classpath.
 */
public record SnapshotStatus(long hash, long revision, long totalKey, long totalSize) {
    private static final int MAGIC = 0xED0CDAED;
    private static final int BRANCH = 0x01;
    private static final int LEAF = 0x02;
    private static final int BUCKET_LEAF = 0x01;

    /**
     * Reads the status of a file.
     *
     * @throws NoSuchFileException if the file is missing (etcd reports the stat error)
     * @throws IOException if it is not a bbolt file
     */
    public static SnapshotStatus of(Path file) throws IOException {
        return of(Files.readAllBytes(file));
    }

    /** Reads the status of a file's bytes. */
    public static SnapshotStatus of(byte[] bytes) throws IOException {
        return new Walk(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)).run();
    }

    private static final class Walk {
        private final ByteBuffer file;
        private final CRC32C crc = new CRC32C();
        private int pageSize;
        private long revision;
        private long keys;

        Walk(ByteBuffer file) {
            this.file = file;
        }

        SnapshotStatus run() throws IOException {
            long root = -1;
            long bestTx = -1;
            long highWater = 0;
            int bestPageSize = 0;
            for (int metaPage = 0; metaPage < 2; metaPage++) {
                int m = metaPage * bestPageSize + 16;
                if (metaPage == 1 && bestPageSize == 0) {
                    break;
                }
                if (m + 64 > file.capacity() || file.getInt(m) != MAGIC || file.getInt(m + 4) != 2
                        || file.getLong(m + 56) != fnv1a64(file.array(), m, 56)) {
                    continue;
                }
                bestPageSize = file.getInt(m + 8);
                long txid = file.getLong(m + 48);
                if (txid > bestTx) {
                    bestTx = txid;
                    root = file.getLong(m + 16);
                    highWater = file.getLong(m + 40);
                }
            }
            if (root < 0) {
                throw new IOException("invalid database");
            }
            pageSize = bestPageSize;
            walk(file, page(root), this::bucket);
            return new SnapshotStatus(crc.getValue(), revision, keys, highWater * pageSize);
        }

        private int page(long id) {
            return (int) (id * pageSize);
        }

        private void bucket(ByteBuffer buf, int flags, int keyAt, int keySize, int valueAt, int valueSize)
                throws IOException {
            if ((flags & BUCKET_LEAF) == 0) {
                return;
            }
            crc.update(buf.array(), keyAt, keySize);
            boolean keyBucket = keySize == 3 && buf.get(keyAt) == 'k' && buf.get(keyAt + 1) == 'e'
                    && buf.get(keyAt + 2) == 'y';
            Entry entry = (b, f, ka, ks, va, vs) -> {
                crc.update(b.array(), ka, ks);
                if ((f & BUCKET_LEAF) == 0) {
                    crc.update(b.array(), va, vs);
                }
                if (keyBucket && ks >= 8) {
                    revision = b.order(ByteOrder.BIG_ENDIAN).getLong(ka);
                    b.order(ByteOrder.LITTLE_ENDIAN);
                }
                keys++;
            };
            long bucketRoot = buf.getLong(valueAt);
            if (bucketRoot == 0) {
                // an inline bucket: its one leaf page follows the 16-byte bucket header
                walk(buf, valueAt + 16, entry);
            } else {
                walk(file, page(bucketRoot), entry);
            }
        }

        private void walk(ByteBuffer buf, int page, Entry entry) throws IOException {
            if (page < 0 || page + 16 > buf.capacity()) {
                throw new IOException("page outside the file at " + page);
            }
            int flags = buf.getShort(page + 8);
            int count = Short.toUnsignedInt(buf.getShort(page + 10));
            for (int i = 0; i < count; i++) {
                int elem = page + 16 + i * 16;
                if ((flags & LEAF) != 0) {
                    int pos = elem + buf.getInt(elem + 4);
                    int ks = buf.getInt(elem + 8);
                    entry.visit(buf, buf.getInt(elem), pos, ks, pos + ks, buf.getInt(elem + 12));
                } else if ((flags & BRANCH) != 0) {
                    walk(buf, page(buf.getLong(elem + 8)), entry);
                } else {
                    throw new IOException("unexpected page flags " + flags + " at " + page);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Entry {
        void visit(ByteBuffer buf, int flags, int keyAt, int keySize, int valueAt, int valueSize) throws IOException;
    }

    private static long fnv1a64(byte[] data, int from, int length) {
        long hash = 0xcbf29ce484222325L;
        for (int i = from; i < from + length; i++) {
            hash ^= data[i] & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
