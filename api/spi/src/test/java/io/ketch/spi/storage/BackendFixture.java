package io.ketch.spi.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up shared by the {@link Backend} contract tests: a backend opened on a fresh
 * directory before each test and closed after it, and small helpers. Extend {@link BackendContract}.
 */
public abstract class BackendFixture {
    /** Generous bound for waits that only a hang would exceed; never a timing assertion. */
    protected static final long HANG_SECONDS = 60;

    @TempDir
    protected Path dir;

    /** The backend under test, opened on {@link #dir} before each test. */
    protected Backend backend;

    /** Opens (or, if data is there, reopens) a backend that keeps its files in dir. */
    protected abstract Backend open(Path dir);

    /** True when data synced before close must be there after reopening. */
    protected boolean durable() {
        return false;
    }

    /** Releases a backend; the default closes it if it is {@link AutoCloseable}. */
    protected void close(Backend b) throws Exception {
        if (b instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** Closes the backend under test and opens it again on the same directory. */
    protected final void reopen() throws Exception {
        close(backend);
        backend = open(dir);
    }

    @BeforeEach
    final void openBackend() {
        backend = open(dir);
    }

    @AfterEach
    final void closeBackend() throws Exception {
        if (backend != null) {
            close(backend);
        }
    }

    protected static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    protected static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    protected final void put(String bucket, String key, String value) {
        try (WriteTxn w = backend.write()) {
            w.put(bucket, b(key), b(value));
            w.commit();
        }
    }

    protected final String get(String bucket, String key) {
        try (ReadTxn r = backend.read()) {
            return s(r.get(bucket, b(key)));
        }
    }

    protected static List<String> keys(ReadTxn r, String bucket, byte[] from, byte[] to) {
        List<String> out = new ArrayList<>();
        r.scan(bucket, from, to, (k, v) -> out.add(s(k)));
        return out;
    }


    protected final void putAll(String bucket, String... keys) {
        try (WriteTxn w = backend.write()) {
            for (String k : keys) {
                w.put(bucket, b(k), b("v" + k));
            }
            w.commit();
        }
    }

    /** A fixed-width big-endian key so numeric and byte order agree. */
    protected static byte[] key(int i) {
        return String.format("%08d", i).getBytes(UTF_8);
    }

    /** Puts keys 0..n-1 into bucket "key" with values of the given size, in batches. */
    protected final void writeNumbered(int n, int valueSize) {
        for (int start = 0; start < n; start += 1000) {
            try (WriteTxn w = backend.write()) {
                for (int i = start; i < Math.min(n, start + 1000); i++) {
                    w.put("key", key(i), new byte[valueSize]);
                }
                w.commit();
            }
        }
    }
}
