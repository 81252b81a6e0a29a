package io.ketch.raft.wal;

import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.HardState;
import io.ketch.raft.engine.SnapshotMeta;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The Raft write-ahead log in {@code <dataDir>/wal}: preallocated segment files of CRC32C-checked
 * records (hard state, entries, snapshot markers). Each {@link #save} is one write and one
 * {@code force}, so a batch of entries costs one fsync (group commit). Each new segment starts
 * with the current hard state and snapshot marker, so older segments can be released once a
 * snapshot covers their entries.
 */
public final class Wal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("wal");
    /** etcd's segment size. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;

    private final Path dir;
    private final long segmentSize;
    private final List<Segment> segments;
    private final AtomicLong syncs = new AtomicLong();
    private FileChannel channel;
    private long position;
    private HardState hardState;
    private SnapshotMeta snapshot;
    private byte[] metadata;
    private final WalContents contents;

    private static final class Segment {
        final long seq;
        final Path path;
        long maxEntryIndex;

        Segment(long seq, Path path) {
            this.seq = seq;
            this.path = path;
        }
    }

    private Wal(Path dir, long segmentSize, List<Segment> segments, WalReplay replay, long position) throws IOException {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.segments = segments;
        this.hardState = replay.hardState;
        this.snapshot = replay.snapshot;
        this.metadata = replay.metadata;
        this.contents = replay.contents();
        this.position = position;
        Segment last = segments.get(segments.size() - 1);
        this.channel = FileChannel.open(last.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    /** Whether dir holds a WAL (etcd: a data dir with a WAL ignores the initial-cluster flags). */
    public static boolean exists(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".wal"));
        }
    }

    /**
     * Opens (or creates) the WAL in dir and reads it. A damaged tail of the last segment is cut
     * back to the last good record; damage anywhere else fails with {@link WalCorruptedException}.
     */
    public static Wal open(Path dir, long segmentSize) throws IOException {
        Files.createDirectories(dir);
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                segments.add(new Segment(Long.parseUnsignedLong(name.substring(0, name.length() - 4), 16), p));
            });
        }
        if (segments.isEmpty()) {
            Segment first = new Segment(1, dir.resolve(segmentName(1)));
            preallocate(first.path, segmentSize);
            syncDir(dir);
            segments.add(first);
        }
        WalReplay replay = new WalReplay();
        long position = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            SegmentScan scan = SegmentScan.scan(seg.path);
            boolean last = i == segments.size() - 1;
            if (scan.problem != null && !last) {
                throw new WalCorruptedException("wal: segment " + seg.path.getFileName() + " is corrupt at offset "
                        + scan.goodEnd + " (" + scan.problem + ") and is not the last segment; refusing to start");
            }
            seg.maxEntryIndex = replay.add(scan.records, seg.path);
            if (last) {
                if (scan.problem != null) {
                    repairTail(seg.path, scan, segmentSize);
                }
                position = scan.goodEnd;
            }
        }
        replay.finish();
        return new Wal(dir, segmentSize, segments, replay, position);
    }

    private static void repairTail(Path path, SegmentScan scan, long segmentSize) throws IOException {
        LOG.log(Level.WARNING, String.format("repaired WAL tail: cut %d bytes at offset %d of %s (%s)",
                scan.garbage, scan.goodEnd, path.getFileName(), scan.problem));
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            long size = f.length();
            f.setLength(scan.goodEnd);
            f.setLength(Math.max(size, segmentSize));
            f.getChannel().force(true);
        }
    }

    /** What the WAL held when opened. */
    public WalContents contents() {
        return contents;
    }

    /** Appends a hard state (if not null) and entries, then forces them to disk once. */
    public synchronized void save(HardState hs, List<Entry> entries) throws IOException {
        if (hs == null && entries.isEmpty()) {
            return;
        }
        List<byte[]> payloads = new ArrayList<>(entries.size() + 1);
        List<Byte> types = new ArrayList<>(entries.size() + 1);
        for (Entry e : entries) {
            payloads.add(WalCodec.entry(e));
            types.add(WalCodec.ENTRY);
        }
        if (hs != null) {
            // after the entries: a commit index is never persisted ahead of the entries it covers
            payloads.add(WalCodec.hardState(hs));
            types.add(WalCodec.HARD_STATE);
        }
        write(types, payloads);
        if (hs != null) {
            hardState = hs;
        }
        if (!entries.isEmpty()) {
            Segment cur = segments.get(segments.size() - 1);
            cur.maxEntryIndex = Math.max(cur.maxEntryIndex, entries.get(entries.size() - 1).index());
        }
        sync();
    }

    /**
     * Records who wrote this WAL (etcd keeps the member and cluster id there); repeated at the start
     * of every segment. Null until written.
     */
    public synchronized byte[] metadata() {
        return metadata;
    }

    /** Writes the metadata record and forces it. */
    public synchronized void saveMetadata(byte[] data) throws IOException {
        metadata = data.clone();
        write(List.of(WalCodec.METADATA), List.of(metadata));
        sync();
    }

    /** Records that a snapshot now covers the log up to meta.index() (written after the snapshot file). */
    public synchronized void saveSnapshot(SnapshotMeta meta) throws IOException {
        snapshot = meta;
        write(List.of(WalCodec.SNAPSHOT), List.of(WalCodec.snapshot(meta)));
        sync();
    }

    /** Deletes the oldest segments whose entries are all at or below index (a snapshot covers them). */
    public synchronized void releaseTo(long index) throws IOException {
        while (segments.size() > 1 && segments.get(0).maxEntryIndex <= index) {
            Segment old = segments.remove(0);
            Files.deleteIfExists(old.path);
            LOG.log(Level.INFO, String.format("purged file %s successfully", old.path));
        }
        syncDir(dir);
    }

    /** How many times the WAL forced data to disk (one per batch). */
    public long syncCount() {
        return syncs.get();
    }

    /** The number of segment files. */
    public synchronized int segmentCount() {
        return segments.size();
    }

    private void write(List<Byte> types, List<byte[]> payloads) throws IOException {
        int size = 0;
        for (byte[] p : payloads) {
            size += SegmentScan.HEADER + 1 + p.length;
        }
        if (position > 0 && position + size > segmentSize) {
            roll();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (int i = 0; i < payloads.size(); i++) {
            SegmentScan.frame(buf, types.get(i), payloads.get(i));
        }
        buf.flip();
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
    }

    private void roll() throws IOException {
        sync();
        channel.close();
        long seq = segments.get(segments.size() - 1).seq + 1;
        Segment next = new Segment(seq, dir.resolve(segmentName(seq)));
        preallocate(next.path, segmentSize);
        syncDir(dir);
        segments.add(next);
        channel = FileChannel.open(next.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
        position = 0;
        // a segment is self-sufficient: older ones may be released without losing state
        List<Byte> types = new ArrayList<>(List.of(WalCodec.SNAPSHOT));
        List<byte[]> payloads = new ArrayList<>(List.of(WalCodec.snapshot(snapshot)));
        if (metadata != null) {
            types.add(0, WalCodec.METADATA);
            payloads.add(0, metadata);
        }
        if (hardState != null) {
            types.add(WalCodec.HARD_STATE);
            payloads.add(WalCodec.hardState(hardState));
        }
        write(types, payloads);
        LOG.log(Level.DEBUG, String.format("created a new WAL segment %s", next.path.getFileName()));
    }

    private void sync() throws IOException {
        channel.force(false);
        syncs.incrementAndGet();
    }

    private static String segmentName(long seq) {
        return String.format("%016x.wal", seq);
    }

    private static void preallocate(Path path, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the data files are still forced
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }
}
