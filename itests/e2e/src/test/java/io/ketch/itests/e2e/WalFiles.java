package io.ketch.itests.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Damages the WAL the way a crash mid-write can: a torn tail on the last segment. */
public final class WalFiles {
    private static final int SECTOR = 512;

    private WalFiles() {
    }

    /** The last WAL segment under {@code <data-dir>/member/wal} (by name; segments sort by sequence). */
    public static Path lastSegment(Path dataDir) throws IOException {
        Path wal = dataDir.resolve("member").resolve("wal");
        try (Stream<Path> files = Files.list(wal)) {
            List<Path> segments = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".wal"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
            if (segments.isEmpty()) {
                throw new IllegalStateException("no *.wal segment under " + wal);
            }
            return segments.get(segments.size() - 1);
        }
    }

    /**
     * Simulates a write torn by a crash: the data from the 512-byte sector boundary at or before
     * {@code end - bytes} to the end of the written data never reached the disk. A segment that is
     * not preallocated is truncated there; a preallocated one (etcd's are 64 MB of zeros) has that
     * range zeroed, which is what an unwritten sector reads as. Returns the cut offset.
     */
    public static long tearLastSector(Path segment, int bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = lastNonZero(ch) + 1;
            long cut = Math.max(0, (end - bytes) / SECTOR * SECTOR);
            if (end == ch.size()) {
                ch.truncate(cut);
            } else {
                ch.write(ByteBuffer.allocate((int) (end - cut)), cut);
            }
            ch.force(true);
            return cut;
        }
    }

    private static long lastNonZero(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        for (long pos = size; pos > 0; ) {
            long start = Math.max(0, pos - buf.capacity());
            buf.clear().limit((int) (pos - start));
            ch.read(buf, start);
            for (int i = buf.position() - 1; i >= 0; i--) {
                if (buf.get(i) != 0) {
                    return start + i;
                }
            }
            pos = start;
        }
        return -1;
    }
}
