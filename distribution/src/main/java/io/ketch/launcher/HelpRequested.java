package io.ketch.launcher;

/** {@code -h} or {@code --help} was given: print the help and exit 0. */
public final class HelpRequested extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public HelpRequested() {
        super("help requested", null, false, false);
    }
}
