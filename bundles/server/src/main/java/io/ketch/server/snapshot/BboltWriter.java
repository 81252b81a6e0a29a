package io.ketch.server.snapshot;

import io.ketch.spi.storage.ReadTxn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a backend view as a bbolt database file, the format etcd's Maintenance.Snapshot streams:
 * 4 KiB pages, little endian; pages 0 and 1 are meta pages, page 2 an empty freelist, then for
 * every bucket a B+tree of leaf pages (with overflow pages for large entries) under branch pages,
 * and a root leaf naming the buckets. Every bucket gets its own root page (bbolt's inline buckets
 * are an optimisation readers do not require).
 */
public final class BboltWriter {
    static final int PAGE = 4096;
    private static final int HEADER = 16;
    private static final int ELEMENT = 16;
    private static final int BRANCH = 0x01;
    private static final int LEAF = 0x02;
    private static final int META = 0x04;
    private static final int FREELIST = 0x10;
    private static final int BUCKET_LEAF = 0x01;
    private static final int MAGIC = 0xED0CDAED;
    private static final int VERSION = 2;

    /** A child of a branch page: its first key and page id. */
    private record Child(byte[] firstKey, long pgid) {
    }

    /** One leaf entry. */
    private record Entry(byte[] key, byte[] value, int flags) {
    }

    private final Consumer<byte[]> sink;
    private long nextPgid = 3;

    private BboltWriter(Consumer<byte[]> sink) {
        this.sink = sink;
    }

    /** The whole file for every bucket of the view, in memory (small stores, tests). */
    public static byte[] write(ReadTxn tx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[3 * PAGE]);
        BboltWriter w = new BboltWriter(out::writeBytes);
        byte[] head = w.head(w.buckets(tx));
        byte[] file = out.toByteArray();
        System.arraycopy(head, 0, file, 0, head.length);
        return file;
    }

    /**
     * Writes the file for every bucket of the view to a file, streaming: pages go out as they fill,
     * only the first keys of the pages stay in memory. Returns the file's size.
     */
    public static long write(ReadTxn tx, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.position(3L * PAGE);
            BboltWriter w = new BboltWriter(page -> {
                try {
                    ByteBuffer b = ByteBuffer.wrap(page);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long root;
            try {
                root = w.buckets(tx);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            ByteBuffer head = ByteBuffer.wrap(w.head(root));
            long at = 0;
            while (head.hasRemaining()) {
                at += ch.write(head, at);
            }
            ch.force(false);
            return ch.size();
        }
    }

    /** Writes every bucket's tree, then the root leaf naming them; returns the root leaf's pgid. */
    private long buckets(ReadTxn tx) {
        Tree roots = new Tree();
        for (String bucket : tx.buckets()) {
            Tree t = new Tree();
            tx.scan(bucket, new byte[0], null, (k, v) -> {
                t.add(new Entry(k, v, 0));
                return true;
            });
            long root = t.finish();
            byte[] header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(root).putLong(0).array();
            roots.add(new Entry(bucket.getBytes(StandardCharsets.UTF_8), header, BUCKET_LEAF));
        }
        return roots.finish();
    }

    /** Sorted entries laid out in leaf pages as they come, then branch pages above them. */
    private final class Tree {
        private List<Child> level = new ArrayList<>();
        private List<Entry> page = new ArrayList<>();
        private int used = HEADER;

        void add(Entry e) {
            int size = ELEMENT + e.key().length + e.value().length;
            if (!page.isEmpty() && used + size > PAGE) {
                level.add(leaf(page));
                page = new ArrayList<>();
                used = HEADER;
            }
            page.add(e);
            used += size;
        }

        /** Writes what is left and the branch levels; returns the root pgid. */
        long finish() {
            if (!page.isEmpty() || level.isEmpty()) {
                level.add(leaf(page));
            }
            while (level.size() > 1) {
                level = branches(level);
            }
            return level.get(0).pgid();
        }
    }

    private Child leaf(List<Entry> entries) {
        int dataSize = HEADER + entries.size() * ELEMENT;
        for (Entry e : entries) {
            dataSize += e.key().length + e.value().length;
        }
        ByteBuffer b = allocate(dataSize);
        long pgid = header(b, LEAF, entries.size());
        int data = HEADER + entries.size() * ELEMENT;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int elem = HEADER + i * ELEMENT;
            // pos is relative to the element itself
            b.putInt(elem, e.flags()).putInt(elem + 4, data - elem)
                    .putInt(elem + 8, e.key().length).putInt(elem + 12, e.value().length);
            b.put(data, e.key());
            b.put(data + e.key().length, e.value());
            data += e.key().length + e.value().length;
        }
        sink.accept(b.array());
        return new Child(entries.isEmpty() ? new byte[0] : entries.get(0).key(), pgid);
    }

    private List<Child> branches(List<Child> children) {
        List<Child> parents = new ArrayList<>();
        List<Child> page = new ArrayList<>();
        int used = HEADER;
        for (Child c : children) {
            int size = ELEMENT + c.firstKey().length;
            if (!page.isEmpty() && used + size > PAGE) {
                parents.add(branch(page));
                page = new ArrayList<>();
                used = HEADER;
            }
            page.add(c);
            used += size;
        }
        parents.add(branch(page));
        return parents;
    }

    private Child branch(List<Child> children) {
        int dataSize = HEADER + children.size() * ELEMENT;
        for (Child c : children) {
            dataSize += c.firstKey().length;
        }
        ByteBuffer b = allocate(dataSize);
        long pgid = header(b, BRANCH, children.size());
        int data = HEADER + children.size() * ELEMENT;
        for (int i = 0; i < children.size(); i++) {
            Child c = children.get(i);
            int elem = HEADER + i * ELEMENT;
            b.putInt(elem, data - elem).putInt(elem + 4, c.firstKey().length).putLong(elem + 8, c.pgid());
            b.put(data, c.firstKey());
            data += c.firstKey().length;
        }
        sink.accept(b.array());
        return new Child(children.get(0).firstKey(), pgid);
    }

    /** A zeroed run of whole pages big enough for size bytes. */
    private static ByteBuffer allocate(int size) {
        int pageCount = Math.max(1, (size + PAGE - 1) / PAGE);
        return ByteBuffer.allocate(pageCount * PAGE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes a page header at the start of b, taking the next pgids; returns the page's id. */
    private long header(ByteBuffer b, int flags, int count) {
        if (count > 0xFFFF) {
            throw new IllegalStateException("too many elements for one page: " + count);
        }
        long pgid = nextPgid;
        int overflow = b.capacity() / PAGE - 1;
        nextPgid += overflow + 1;
        b.putLong(0, pgid).putShort(8, (short) flags).putShort(10, (short) count).putInt(12, overflow);
        return pgid;
    }

    /** The two meta pages and the empty freelist page that open the file. */
    private byte[] head(long rootPgid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 * PAGE);
        out.writeBytes(meta(0, 2, rootPgid));
        out.writeBytes(meta(1, 1, rootPgid));
        ByteBuffer freelist = allocate(PAGE);
        freelist.putLong(0, 2).putShort(8, (short) FREELIST);
        out.writeBytes(freelist.array());
        return out.toByteArray();
    }

    private byte[] meta(long pgid, long txid, long rootPgid) {
        ByteBuffer b = allocate(PAGE);
        b.putLong(0, pgid).putShort(8, (short) META);
        int m = HEADER;
        b.putInt(m, MAGIC).putInt(m + 4, VERSION).putInt(m + 8, PAGE).putInt(m + 12, 0)
                .putLong(m + 16, rootPgid).putLong(m + 24, 0)
                .putLong(m + 32, 2).putLong(m + 40, nextPgid).putLong(m + 48, txid);
        b.putLong(m + 56, fnv1a64(b.array(), m, 56));
        return b.array();
    }

    /** FNV-1a 64 over the meta fields before the checksum, as bbolt's meta.sum64. */
    static long fnv1a64(byte[] data, int offset, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = offset; i < offset + length; i++) {
            h ^= data[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
