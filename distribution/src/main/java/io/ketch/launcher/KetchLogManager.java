package io.ketch.launcher;

import java.util.logging.LogManager;

/**
 * A LogManager that ignores {@link #reset()}: JUL resets (closes every handler) in a shutdown
 * hook of its own, which would silence the lines logged while the framework stops (components
 * deactivating, the WAL closing). {@link Logging} swaps handlers itself. Selected with
 * {@code -Djava.util.logging.manager=io.ketch.launcher.KetchLogManager}; Main sets it first thing.
 */
public final class KetchLogManager extends LogManager {

    /** Creates the manager; JUL calls this reflectively. */
    public KetchLogManager() {
        super();
    }

    @Override
    public void reset() {
        // deliberately nothing: see the class comment
    }
}
