package io.ketch.raft.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment file. Record layout: int length (type + payload), int CRC32C
 * of (type + payload), byte type, payload. A zero length marks the preallocated, unused rest.
 */
final class SegmentScan {
    static final int HEADER = 8;

    /** One record: its type and payload. */
    record Record(byte type, ByteBuffer payload) {
    }

    final List<Record> records = new ArrayList<>();
    /** The offset just after the last good record. */
    long goodEnd;
    /** Why scanning stopped before the end of the written data, or null if it did not. */
    String problem;
    /** How many bytes past goodEnd hold anything but zeros. */
    long garbage;

    static SegmentScan scan(Path file) throws IOException {
        SegmentScan s = new SegmentScan();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read fully
            }
            buf.flip();
            s.parse(buf);
        }
        return s;
    }

    private void parse(ByteBuffer buf) {
        int pos = 0;
        int limit = buf.limit();
        while (pos + HEADER <= limit) {
            int len = buf.getInt(pos);
            if (len == 0) {
                break;
            }
            if (len < 1 || (long) pos + HEADER + len > limit) {
                problem = "record length " + len + " runs past the end of the file";
                break;
            }
            int crc = buf.getInt(pos + 4);
            CRC32C c = new CRC32C();
            c.update(buf.slice(pos + HEADER, len));
            if ((int) c.getValue() != crc) {
                problem = "CRC32C mismatch";
                break;
            }
            byte type = buf.get(pos + HEADER);
            records.add(new Record(type, buf.slice(pos + HEADER + 1, len - 1)));
            pos += HEADER + len;
        }
        goodEnd = pos;
        int lastNonZero = limit - 1;
        while (lastNonZero >= pos && buf.get(lastNonZero) == 0) {
            lastNonZero--;
        }
        garbage = lastNonZero + 1 - pos;
        if (problem == null && garbage > 0) {
            problem = "a partial record header";
        }
    }

    /** Appends one framed record to buf. */
    static void frame(ByteBuffer buf, byte type, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(type);
        c.update(payload);
        buf.putInt(payload.length + 1);
        buf.putInt((int) c.getValue());
        buf.put(type);
        buf.put(payload);
    }
}
