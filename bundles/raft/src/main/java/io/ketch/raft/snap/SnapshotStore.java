package io.ketch.raft.snap;

import io.ketch.raft.engine.SnapshotMeta;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Raft snapshots in {@code <dataDir>/snap} as {@code <term>-<index>.snap} (etcd's naming). A file is
 * the state machine's bytes followed by a trailer (index, term, voters, learners, membership,
 * CRC32C of everything before, magic), so the state machine streams straight into it. Written to
 * a temp file, forced, then renamed: a crash never leaves a half snapshot under the real name.
 */
public final class SnapshotStore {
    private static final System.Logger LOG = System.getLogger("etcdserver");
    private static final int MAGIC = 0x4b534e50; // "KSNP"
    private static final int TRAILER_TAIL = 8 + 4 + 4; // data length, crc, magic
    private static final int KEEP = 5;

    /** Streams the state machine into the snapshot; returns the index it covers. */
    @FunctionalInterface
    public interface DataWriter {
        long write(OutputStream out) throws IOException;
    }

    /** Turns the covered index into the snapshot's metadata and membership. */
    @FunctionalInterface
    public interface MetaFor {
        Describe at(long index);
    }

    /** Metadata to store with the data. */
    public record Describe(SnapshotMeta meta, String members) {
    }

    private final Path dir;

    public SnapshotStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** Writes a snapshot; returns it, or empty if metaFor could not describe the index. */
    public Optional<SnapshotFile> save(DataWriter writer, MetaFor metaFor) throws IOException {
        Path tmp = dir.resolve("snapshot.tmp");
        CRC32C crc = new CRC32C();
        Describe d;
        long dataLength;
        try (OutputStream raw = Files.newOutputStream(tmp);
             CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw), crc);
             CountingStream counting = new CountingStream(checked)) {
            long index = writer.write(new NonClosing(counting));
            dataLength = counting.count;
            d = metaFor.at(index);
            if (d == null) {
                Files.deleteIfExists(tmp);
                return Optional.empty();
            }
            DataOutputStream out = new DataOutputStream(checked);
            writeMeta(out, d);
            out.writeLong(dataLength);
            out.flush();
            int sum = (int) crc.getValue();
            out.writeInt(sum);
            out.writeInt(MAGIC);
            out.flush();
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        SnapshotMeta meta = d.meta();
        Path target = dir.resolve(String.format("%016x-%016x.snap", meta.term(), meta.index()));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // directory fsync is not supported everywhere
        }
        LOG.log(Level.INFO, String.format("saved snapshot at index %d", meta.index()));
        purge();
        return Optional.of(new SnapshotFile(target, meta, d.members(), dataLength));
    }

    private static void writeMeta(DataOutputStream out, Describe d) throws IOException {
        out.writeLong(d.meta().index());
        out.writeLong(d.meta().term());
        writeIds(out, d.meta().voters());
        writeIds(out, d.meta().learners());
        byte[] members = d.members().getBytes(StandardCharsets.UTF_8);
        out.writeInt(members.length);
        out.write(members);
    }

    private static void writeIds(DataOutputStream out, Set<Long> ids) throws IOException {
        out.writeInt(ids.size());
        for (long id : ids) {
            out.writeLong(id);
        }
    }

    /** The newest snapshot that reads back intact; damaged ones are skipped with a warning. */
    public Optional<SnapshotFile> latest() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".snap"))
                    .sorted((a, b) -> indexOf(b).compareTo(indexOf(a))).toList();
        }
        for (Path p : files) {
            try {
                return Optional.of(read(p));
            } catch (IOException e) {
                LOG.log(Level.WARNING, String.format("skipping unreadable snapshot %s: %s", p.getFileName(), e.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static String indexOf(Path p) {
        String n = p.getFileName().toString();
        return n.substring(17, n.length() - 5) + n.substring(0, 16);
    }

    private static SnapshotFile read(Path p) throws IOException {
        long size = Files.size(p);
        if (size < TRAILER_TAIL) {
            throw new IOException("too short");
        }
        long dataLength;
        int storedCrc;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            f.seek(size - TRAILER_TAIL);
            dataLength = f.readLong();
            storedCrc = f.readInt();
            if (f.readInt() != MAGIC) {
                throw new IOException("bad magic");
            }
        }
        CRC32C crc = new CRC32C();
        try (InputStream in = new CheckedInputStream(new BufferedInputStream(Files.newInputStream(p)), crc)) {
            in.skipNBytes(dataLength);
            DataInputStream din = new DataInputStream(in);
            SnapshotMeta meta = new SnapshotMeta(din.readLong(), din.readLong(), readIds(din), readIds(din));
            String members = new String(din.readNBytes(din.readInt()), StandardCharsets.UTF_8);
            din.readLong();
            if ((int) crc.getValue() != storedCrc) {
                throw new IOException("CRC32C mismatch");
            }
            return new SnapshotFile(p, meta, members, dataLength);
        }
    }

    private static Set<Long> readIds(DataInputStream in) throws IOException {
        int n = in.readInt();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(in.readLong());
        }
        return ids;
    }

    /** The state machine bytes of a snapshot. */
    public static InputStream openData(SnapshotFile file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file.path()));
        return new FilterInputStream(in) {
            private long left = file.dataLength();

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    private void purge() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".snap"))
                    .sorted((a, b) -> indexOf(b).compareTo(indexOf(a))).toList();
        }
        for (int i = KEEP; i < files.size(); i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** The state machine may close the stream it is given; the trailer still has to follow. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
