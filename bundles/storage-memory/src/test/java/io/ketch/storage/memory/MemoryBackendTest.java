package io.ketch.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.BackendContract;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The storage contract on the in-memory backend, plus its version pruning. */
class MemoryBackendTest extends BackendContract {
    @Override
    protected Backend open(Path dir) {
        return new MemoryBackend();
    }

    private void overwrite(int times) {
        for (int i = 0; i < times; i++) {
            try (WriteTxn w = backend.write()) {
                w.put("meta", key(0), new byte[100]);
                w.commit();
            }
        }
    }

    @Test
    void versionsPinnedByAViewAreFreedOnceItCloses() {
        overwrite(1);
        long pinned;
        try (ReadTxn r = backend.read()) {
            overwrite(1000);
            pinned = backend.size();
            assertEquals(100, r.get("meta", key(0)).length);
        }
        backend.defragment();
        assertTrue(backend.size() < pinned / 10, backend.size() + " not well below " + pinned);
    }

    @Test
    void writesWithoutViewsKeepOneVersionPerKey() {
        overwrite(1000);
        assertTrue(backend.size() < 1000, "size " + backend.size());
    }

    @Test
    void secondWriteOnTheSameThreadIsRefused() {
        try (WriteTxn w = backend.write()) {
            assertThrows(IllegalStateException.class, backend::write);
        }
    }

    @Test
    void hundredThousandSingleKeyCommits() {
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            try (WriteTxn w = backend.write()) {
                w.put("key", key(i), key(i));
                w.commit();
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("memory: 100000 single-key commits in " + ms + " ms");
        try (ReadTxn r = backend.read()) {
            assertEquals(100_000, r.count("key"));
        }
    }
}
