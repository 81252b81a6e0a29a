package io.ketch.spi.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The single write transaction of a {@link Backend}. Reads through it see its own writes. Nothing
 * is visible to other views until {@link #commit()}; {@link #close()} without commit discards all.
 */
@ProviderType
public interface WriteTxn extends ReadTxn {
    /** Stores value under key in bucket, creating the bucket if needed. */
    void put(String bucket, byte[] key, byte[] value);

    /** Removes key from bucket; no effect if absent. */
    void delete(String bucket, byte[] key);

    /** Removes a bucket and all its entries; no effect if absent. */
    void deleteBucket(String bucket);

    /** Makes every write of this transaction visible atomically, then closes it. */
    void commit();

    /** Ends the transaction; if it was not committed, its writes are discarded. Idempotent. */
    @Override
    void close();
}
