package io.ketch.benchmark;

import java.util.random.RandomGenerator;

/**
 * Keys as etcd's benchmark makes them: a zero-filled buffer of {@code keySize} bytes whose start
 * holds the key's index in the key space as a Go signed varint ({@code binary.PutVarint}). The
 * index is {@code i % keySpaceSize} with {@code --sequential-keys}, otherwise drawn uniformly from
 * the key space, so a run touches at most {@code keySpaceSize} distinct keys either way.
 */
public final class KeyGen {

    private final int keySize;
    private final int keySpaceSize;
    private final boolean sequential;

    /**
     * @param keySize bytes per key
     * @param keySpaceSize how many distinct keys there are (positive)
     * @param sequential walk the key space in order instead of drawing at random
     */
    public KeyGen(int keySize, int keySpaceSize, boolean sequential) {
        if (keySpaceSize <= 0) {
            throw new IllegalArgumentException("expected positive --key-space-size, got (" + keySpaceSize + ")");
        }
        if (keySize < 0) {
            throw new IllegalArgumentException("expected non-negative --key-size, got (" + keySize + ")");
        }
        this.keySize = keySize;
        this.keySpaceSize = keySpaceSize;
        this.sequential = sequential;
    }

    /** The index in the key space of the {@code i}th request's key. */
    public int index(long i, RandomGenerator random) {
        return sequential ? (int) (i % keySpaceSize) : random.nextInt(keySpaceSize);
    }

    /** The {@code i}th request's key. */
    public byte[] key(long i, RandomGenerator random) {
        return keyAt(index(i, random), keySize);
    }

    /** The key of a given index: its signed varint, zero padded (or cut) to {@code keySize}. */
    public static byte[] keyAt(long index, int keySize) {
        byte[] key = new byte[keySize];
        // Go's PutVarint: zig-zag, then 7 bits a byte, low first. A key shorter than the varint
        // keeps what fits (Go would panic; cutting is kinder and keeps the key size honest).
        long ux = (index << 1) ^ (index >> 63);
        int n = 0;
        while (n < keySize) {
            if ((ux & ~0x7FL) == 0) {
                key[n] = (byte) ux;
                break;
            }
            key[n++] = (byte) ((ux & 0x7F) | 0x80);
            ux >>>= 7;
        }
        return key;
    }
}
