package io.ketch.launcher;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT: log etcd's line, stop the framework (components deactivate, raft closes
 * its WAL), exit 0 as etcd does after a clean stop. A handler (not only a shutdown hook) is what
 * makes the exit code 0 instead of 143/130.
 */
final class Signals {

    private Signals() {
    }

    static void install(Container container) {
        handle("TERM", "terminated", container);
        handle("INT", "interrupt", container);
    }

    private static void handle(String signal, String word, Container container) {
        try {
            Signal.handle(new Signal(signal), s -> {
                Main.log("pkg/osutil", CapnslogFormatter.NOTICE, "received " + word + " signal, shutting down...");
                container.stop();
                System.exit(0);
            });
        } catch (IllegalArgumentException e) {
            Main.log("ketch", java.util.logging.Level.FINE, "cannot handle SIG" + signal + ": " + e.getMessage());
        }
    }
}
