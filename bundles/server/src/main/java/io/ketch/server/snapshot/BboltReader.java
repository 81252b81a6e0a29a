package io.ketch.server.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the buckets of a bbolt database file (etcd's db, or an etcdctl snapshot) so it can be
 * loaded into a backend: picks the newest valid meta page, walks branch and leaf pages, follows
 * top-level buckets with their own pages or inline ones. Nested buckets do not occur in etcd's
 * layout and are skipped.
 */
public final class BboltReader {
    private static final int BRANCH = 0x01;
    private static final int LEAF = 0x02;
    private static final int BUCKET_LEAF = 0x01;
    private static final int MAGIC = 0xED0CDAED;

    /** Receives every entry of every bucket, in bucket then key order. */
    @FunctionalInterface
    public interface Visitor {
        void entry(String bucket, byte[] key, byte[] value);
    }

    private final ByteBuffer file;
    private int pageSize;

    private BboltReader(byte[] file) {
        this.file = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Visits every entry of the file; a trailing SHA-256 (etcdctl snapshot save) is ignored. */
    public static void read(byte[] file, Visitor visitor) throws IOException {
        new BboltReader(file).readAll(visitor);
    }

    /** Whether data starts like a bbolt file (meta page with bbolt's magic). */
    public static boolean isBbolt(byte[] head) {
        return head.length >= 24 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(16) == MAGIC;
    }

    private void readAll(Visitor visitor) throws IOException {
        long root = -1;
        long bestTx = -1;
        for (int metaPage = 0; metaPage < 2; metaPage++) {
            int size = metaPage == 0 ? 0 : pageSize;
            if (metaPage == 1 && size == 0) {
                break;
            }
            int m = size * metaPage + 16;
            if (m + 64 > file.capacity() || file.getInt(m) != MAGIC || file.getInt(m + 4) != 2) {
                continue;
            }
            if (file.getLong(m + 56) != BboltWriter.fnv1a64(file.array(), m, 56)) {
                continue;
            }
            pageSize = file.getInt(m + 8);
            long txid = file.getLong(m + 48);
            if (txid > bestTx) {
                bestTx = txid;
                root = file.getLong(m + 16);
            }
        }
        if (root < 0) {
            throw new IOException("not a bbolt file: no valid meta page");
        }
        walk(file, (int) (root * pageSize), (flags, k, v) -> {
            if ((flags & BUCKET_LEAF) == 0) {
                return;
            }
            String bucket = new String(k, StandardCharsets.UTF_8);
            ByteBuffer header = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            long bucketRoot = header.getLong(0);
            Leaf entries = (f, kk, vv) -> {
                if ((f & BUCKET_LEAF) == 0) {
                    visitor.entry(bucket, kk, vv);
                }
            };
            if (bucketRoot == 0) {
                // an inline bucket: its one leaf page follows the bucket header
                walk(ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN), 16, entries);
            } else {
                walk(file, (int) (bucketRoot * pageSize), entries);
            }
        });
    }

    @FunctionalInterface
    private interface Leaf {
        void entry(int flags, byte[] key, byte[] value) throws IOException;
    }

    private void walk(ByteBuffer buf, int page, Leaf leaf) throws IOException {
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
                int vs = buf.getInt(elem + 12);
                byte[] a = buf.array();
                leaf.entry(buf.getInt(elem), Arrays.copyOfRange(a, pos, pos + ks),
                        Arrays.copyOfRange(a, pos + ks, pos + ks + vs));
            } else if ((flags & BRANCH) != 0) {
                walk(buf, (int) (buf.getLong(elem + 8) * pageSize), leaf);
            } else {
                throw new IOException("unexpected page flags " + flags + " at " + page);
            }
        }
    }
}
