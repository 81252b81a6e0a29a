package io.ketch.launcher;

/** What Ketch does with an etcd flag today. */
public enum Support {
    /** Mapped onto a Config Admin property and acted upon. */
    HONOURED,
    /** Accepted at its default; any other value stops the launcher with "not supported yet". */
    REFUSED,
    /** Handled by the launcher itself (--config-file, --version). */
    LAUNCHER,
    /** A legacy flag etcd also ignores (with a warning). */
    IGNORED
}
