package io.ketch.spi.storage;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the entries of a scan. The arrays belong to the caller afterwards. */
@ConsumerType
@FunctionalInterface
public interface EntryVisitor {
    /** Called once per entry in key order; return false to stop the scan. */
    boolean visit(byte[] key, byte[] value);
}
