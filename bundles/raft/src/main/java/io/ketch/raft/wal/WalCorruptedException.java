package io.ketch.raft.wal;

import java.io.IOException;

/** The WAL is damaged somewhere other than its tail: refusing to start rather than lose entries. */
public final class WalCorruptedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A corruption described for the operator. */
    public WalCorruptedException(String message) {
        super(message);
    }
}
