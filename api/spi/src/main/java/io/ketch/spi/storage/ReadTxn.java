package io.ketch.spi.storage;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A consistent view of a {@link Backend}. Not thread-safe; close it when done. */
@ProviderType
public interface ReadTxn extends AutoCloseable {
    /** The value under key in bucket, or null if either does not exist. */
    byte[] get(String bucket, byte[] key);

    /**
     * Visits, in ascending unsigned-byte order, every entry of bucket whose key k satisfies
     * {@code from <= k < to}; a null {@code to} means to the end of the bucket. Stops early when
     * the visitor returns false. A missing bucket has no entries.
     */
    void scan(String bucket, byte[] from, byte[] to, EntryVisitor visitor);

    /** The number of entries in bucket (0 if it does not exist). */
    long count(String bucket);

    /** The names of all buckets that hold at least one entry, in ascending order. */
    List<String> buckets();

    /** Releases the view. Idempotent. */
    @Override
    void close();
}
