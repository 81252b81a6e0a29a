package io.ketch.server.apply;

import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The state machine's snapshot stream: every bucket of one consistent backend view. Layout: the
 * magic {@code KETCHSM1}, then records {@code 1, bucket (u16 length + UTF-8), key (i32 length +
 * bytes), value (i32 length + bytes)}, then {@code 0} and the CRC-32C of everything before it.
 */
public final class BackendSnapshot {
    private static final byte[] MAGIC = "KETCHSM1".getBytes(StandardCharsets.US_ASCII);

    private BackendSnapshot() {
    }

    /** Writes every bucket of the view. */
    public static void write(ReadTxn tx, OutputStream target) throws IOException {
        // records are small: buffer, or every field becomes a write on the caller's stream
        BufferedOutputStream out = new BufferedOutputStream(target, 1 << 16);
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32C());
        DataOutputStream data = new DataOutputStream(checked);
        data.write(MAGIC);
        for (String bucket : tx.buckets()) {
            try {
                tx.scan(bucket, new byte[0], null, (k, v) -> {
                    try {
                        data.writeByte(1);
                        data.writeUTF(bucket);
                        data.writeInt(k.length);
                        data.write(k);
                        data.writeInt(v.length);
                        data.write(v);
                        return true;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        data.writeByte(0);
        data.flush();
        long crc = checked.getChecksum().getValue();
        new DataOutputStream(out).writeInt((int) crc);
        out.flush();
    }

    /** Reads a stream written by {@link #write} into tx (which the caller emptied); checks the CRC. */
    public static void read(InputStream source, WriteTxn tx) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source, 1 << 16);
        CheckedInputStream checked = new CheckedInputStream(in, new CRC32C());
        DataInputStream data = new DataInputStream(checked);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a Ketch state machine snapshot");
        }
        while (true) {
            int type = data.read();
            if (type == 0) {
                break;
            }
            if (type != 1) {
                throw type < 0 ? new EOFException("snapshot truncated") : new IOException("bad record type " + type);
            }
            String bucket = data.readUTF();
            byte[] key = new byte[data.readInt()];
            data.readFully(key);
            byte[] value = new byte[data.readInt()];
            data.readFully(value);
            tx.put(bucket, key, value);
        }
        int expected = (int) checked.getChecksum().getValue();
        int actual = new DataInputStream(in).readInt();
        if (expected != actual) {
            throw new IOException("snapshot CRC mismatch");
        }
    }
}
