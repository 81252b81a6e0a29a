package io.ketch.server.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Reads a bbolt file back, checking what bbolt checks on open: magic, version, meta checksum, page ids. */
final class BboltReader {
    private final ByteBuffer b;

    BboltReader(byte[] file) {
        b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** bucket -> (key -> value), keys in the order the pages hold them. */
    Map<String, Map<String, byte[]>> read() {
        int m = 16;
        if (b.getInt(m) != 0xED0CDAED || b.getInt(m + 4) != 2 || b.getInt(m + 8) != BboltWriter.PAGE) {
            throw new IllegalStateException("bad meta");
        }
        if (b.getLong(m + 56) != BboltWriter.fnv1a64(b.array(), m, 56)) {
            throw new IllegalStateException("bad meta checksum");
        }
        long pages = b.getLong(m + 40);
        if (pages * BboltWriter.PAGE != b.capacity()) {
            throw new IllegalStateException("file is " + b.capacity() + " bytes for " + pages + " pages");
        }
        Map<String, Map<String, byte[]>> out = new TreeMap<>();
        walk(b.getLong(m + 16), (k, v) -> {
            long root = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong();
            Map<String, byte[]> bucket = new java.util.LinkedHashMap<>();
            walk(root, (kk, vv) -> bucket.put(new String(kk, StandardCharsets.ISO_8859_1), vv));
            out.put(new String(k, StandardCharsets.UTF_8), bucket);
        });
        return out;
    }

    private void walk(long pgid, java.util.function.BiConsumer<byte[], byte[]> visit) {
        int p = (int) (pgid * BboltWriter.PAGE);
        if (b.getLong(p) != pgid) {
            throw new IllegalStateException("page " + pgid + " has id " + b.getLong(p));
        }
        int flags = b.getShort(p + 8);
        int count = Short.toUnsignedInt(b.getShort(p + 10));
        for (int i = 0; i < count; i++) {
            int elem = p + 16 + i * 16;
            if (flags == 0x02) {
                int pos = elem + b.getInt(elem + 4);
                int ks = b.getInt(elem + 8);
                int vs = b.getInt(elem + 12);
                visit.accept(Arrays.copyOfRange(b.array(), pos, pos + ks), Arrays.copyOfRange(b.array(), pos + ks, pos + ks + vs));
            } else if (flags == 0x01) {
                walk(b.getLong(elem + 8), visit);
            } else {
                throw new IllegalStateException("unexpected page flags " + flags);
            }
        }
    }
}
