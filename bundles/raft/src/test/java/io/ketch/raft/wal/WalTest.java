package io.ketch.raft.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.HardState;
import io.ketch.raft.engine.SnapshotMeta;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
    private static final long SEGMENT = 4096;

    @TempDir
    Path dir;

    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(Entry.normal(i, term, ("cmd-" + i).getBytes()));
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
        }
    }

    private static void assertPrefix(List<Entry> expected, List<Entry> actual, String why) {
        assertTrue(actual.size() <= expected.size(), why);
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.get(i).index(), actual.get(i).index(), why);
            assertEquals(new String(expected.get(i).data()), new String(actual.get(i).data()), why);
        }
    }

    @Test
    void reopenReturnsWhatWasSaved() throws IOException {
        try (Wal wal = Wal.open(dir, SEGMENT)) {
            wal.save(new HardState(2, 1, 3), entries(1, 3, 2));
        }
        try (Wal wal = Wal.open(dir, SEGMENT)) {
            WalContents c = wal.contents();
            assertEquals(new HardState(2, 1, 3), c.hardState());
            assertEquals(3, c.entries().size());
            assertEquals("cmd-2", new String(c.entries().get(1).data()));
        }
    }

    @Test
    void oneSyncPerBatch() throws IOException {
        try (Wal wal = Wal.open(dir, SEGMENT)) {
            wal.save(new HardState(2, 1, 30), entries(1, 30, 2));
            assertEquals(1, wal.syncCount());
        }
    }

    @Test
    void laterEntriesReplaceAConflictingSuffix() throws IOException {
        try (Wal wal = Wal.open(dir, SEGMENT)) {
            wal.save(null, entries(1, 5, 1));
            wal.save(null, entries(3, 4, 2));
        }
        try (Wal wal = Wal.open(dir, SEGMENT)) {
            List<Entry> e = wal.contents().entries();
            assertEquals(4, e.size());
            assertEquals(2, e.get(3).term());
        }
    }

    @Test
    void tornTailIsCutBackToLastGoodRecord() throws IOException {
        long seed = 20261122L;
        Random random = new Random(seed);
        List<Entry> all = entries(1, 20, 1);
        for (int round = 0; round < 20; round++) {
            Path d = dir.resolve("r" + round);
            try (Wal wal = Wal.open(d, 1 << 20)) {
                for (int i = 0; i < 20; i += 5) {
                    wal.save(new HardState(1, 1, i), all.subList(i, i + 5));
                }
            }
            Path seg;
            try (Stream<Path> s = Files.list(d)) {
                seg = s.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
            }
            long used = usedBytes(seg);
            long cut = random.nextInt((int) used);
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.setLength(cut);
            }
            String why = "seed " + seed + " cut at " + cut;
            try (Wal wal = Wal.open(d, 1 << 20)) {
                assertPrefix(all, wal.contents().entries(), why);
                wal.save(null, List.of(Entry.normal(wal.contents().entries().size() + 1, 1, "after".getBytes())));
            }
            try (Wal wal = Wal.open(d, 1 << 20)) {
                List<Entry> e = wal.contents().entries();
                assertEquals("after", new String(e.get(e.size() - 1).data()), "appends after a repair survive, " + why);
            }
        }
    }

    @Test
    void flippedByteInTheTailIsCut() throws IOException {
        try (Wal wal = Wal.open(dir, SEGMENT)) {
            wal.save(null, entries(1, 3, 1));
            wal.save(null, entries(4, 4, 1));
        }
        Path seg = segments().get(0);
        long used = usedBytes(seg);
        flip(seg, used - 2);
        try (Wal wal = Wal.open(dir, SEGMENT)) {
            assertEquals(3, wal.contents().entries().size());
        }
    }

    @Test
    void corruptionInAnEarlierSegmentIsAHardError() throws IOException {
        try (Wal wal = Wal.open(dir, 512)) {
            for (long i = 1; i <= 100; i++) {
                wal.save(null, entries(i, i, 1));
            }
        }
        List<Path> segs = segments();
        assertTrue(segs.size() > 2);
        flip(segs.get(0), 40);
        WalCorruptedException e = assertThrows(WalCorruptedException.class, () -> Wal.open(dir, 512));
        assertTrue(e.getMessage().contains("not the last segment"), e.getMessage());
    }

    @Test
    void segmentsRollOverAndReadBackInOrder() throws IOException {
        try (Wal wal = Wal.open(dir, 512)) {
            for (long i = 1; i <= 40; i++) {
                wal.save(new HardState(1, 1, i), entries(i, i, 1));
            }
            assertTrue(wal.segmentCount() > 2);
        }
        try (Wal wal = Wal.open(dir, 512)) {
            assertEquals(40, wal.contents().entries().size());
            assertEquals(40, wal.contents().hardState().commit());
        }
    }

    @Test
    void releaseDropsSegmentsCoveredBySnapshot() throws IOException {
        try (Wal wal = Wal.open(dir, 512)) {
            for (long i = 1; i <= 40; i++) {
                wal.save(new HardState(1, 1, i), entries(i, i, 1));
            }
            int before = wal.segmentCount();
            wal.saveSnapshot(new SnapshotMeta(30, 1, Set.of(1L), Set.of()));
            wal.releaseTo(30);
            assertTrue(wal.segmentCount() < before);
        }
        try (Wal wal = Wal.open(dir, 512)) {
            WalContents c = wal.contents();
            assertEquals(30, c.snapshot().index());
            assertEquals(31, c.entries().get(0).index());
            assertEquals(40, c.entries().get(c.entries().size() - 1).index());
            assertEquals(40, c.hardState().commit());
        }
    }

    private static long usedBytes(Path seg) throws IOException {
        byte[] b = Files.readAllBytes(seg);
        int last = b.length - 1;
        while (last >= 0 && b[last] == 0) {
            last--;
        }
        return last + 1;
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0xff);
        }
    }
}
