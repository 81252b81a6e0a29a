package io.ketch.launcher;

/**
 * A command line the flag parser rejects: printed with the usage line, exit code 2 (Go's
 * {@code flag.ContinueOnError} path in etcdmain).
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message Go's flag package message, e.g. {@code flag provided but not defined: -bogus} */
    public UsageException(String message) {
        super(message);
    }
}
