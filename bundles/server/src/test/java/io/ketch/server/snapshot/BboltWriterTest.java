package io.ketch.server.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import io.ketch.storage.memory.MemoryBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BboltWriterTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyEntryReadsBackInOrderAcrossLeafBranchAndOverflowPages() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        MemoryBackend backend = new MemoryBackend();
        List<String> keys = new ArrayList<>();
        try (WriteTxn tx = backend.write()) {
            for (int i = 0; i < 20000; i++) {
                String k = String.format("k%07d", i);
                keys.add(k);
                // a few values larger than a page force overflow pages
                byte[] v = new byte[rnd.nextInt(50) == 0 ? 5000 + rnd.nextInt(9000) : rnd.nextInt(200)];
                rnd.nextBytes(v);
                tx.put("key", b(k), v);
            }
            tx.put("meta", b("consistent_index"), new byte[8]);
            tx.commit();
        }
        byte[] file;
        try (ReadTxn tx = backend.read()) {
            file = BboltWriter.write(tx);
        }
        Map<String, Map<String, byte[]>> read = readBack(file);
        assertEquals(List.of("key", "meta"), new ArrayList<>(read.keySet()), "seed " + seed);
        assertEquals(keys, new ArrayList<>(read.get("key").keySet()), "seed " + seed);
        try (ReadTxn tx = backend.read()) {
            for (String k : keys) {
                assertArrayEquals(tx.get("key", b(k)), read.get("key").get(k), "seed " + seed + " key " + k);
            }
        }
    }

    @Test
    void streamingToAFileWritesTheSameBytes() throws java.io.IOException {
        MemoryBackend backend = new MemoryBackend();
        try (WriteTxn tx = backend.write()) {
            for (int i = 0; i < 3000; i++) {
                tx.put(i % 2 == 0 ? "key" : "lease", b(String.format("k%05d", i)), new byte[i % 300]);
            }
            tx.commit();
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bbolt", ".db");
        try (ReadTxn tx = backend.read()) {
            long size = BboltWriter.write(tx, file);
            byte[] inMemory = BboltWriter.write(tx);
            assertEquals(inMemory.length, size);
            assertArrayEquals(inMemory, java.nio.file.Files.readAllBytes(file));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void emptyBackendIsAValidFileWithNoBuckets() {
        byte[] file;
        try (ReadTxn tx = new MemoryBackend().read()) {
            file = BboltWriter.write(tx);
        }
        assertEquals(Map.of(), readBack(file));
    }

    /** bucket -> key -> value through the reader, in the order the file holds them. */
    static Map<String, Map<String, byte[]>> readBack(byte[] file) {
        Map<String, Map<String, byte[]>> out = new java.util.LinkedHashMap<>();
        try {
            BboltReader.read(file, (bucket, k, v) -> out.computeIfAbsent(bucket, x -> new java.util.LinkedHashMap<>())
                    .put(new String(k, StandardCharsets.ISO_8859_1), v));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
