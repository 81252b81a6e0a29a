package io.ketch.raft.snap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.raft.engine.SnapshotMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path dir;

    private SnapshotFile save(SnapshotStore store, long index, byte[] data) throws IOException {
        return store.save(out -> {
            out.write(data);
            out.close(); // a state machine may close the stream: the trailer must still follow
            return index;
        }, i -> new SnapshotStore.Describe(new SnapshotMeta(i, 2, Set.of(1L), Set.of()), "{\"id\":1,\"peerURLs\":[]}\n"))
                .orElseThrow();
    }

    @Test
    void savedSnapshotReadsBackWithItsMetadataAndData() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        save(store, 10, new byte[]{1, 2, 3});
        SnapshotFile f = store.latest().orElseThrow();
        assertEquals(10, f.meta().index());
        assertEquals(Set.of(1L), f.meta().voters());
        try (InputStream in = SnapshotStore.openData(f)) {
            assertArrayEquals(new byte[]{1, 2, 3}, in.readAllBytes());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void damagedNewestSnapshotFallsBackToTheOlderOne() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        save(store, 10, new byte[]{1});
        SnapshotFile newest = save(store, 20, new byte[]{2, 2, 2});
        try (RandomAccessFile f = new RandomAccessFile(newest.path().toFile(), "rw")) {
            f.seek(1);
            f.write(9);
        }
        Optional<SnapshotFile> latest = store.latest();
        assertEquals(10, latest.orElseThrow().meta().index());
    }
}
