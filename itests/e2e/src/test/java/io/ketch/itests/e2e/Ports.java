package io.ketch.itests.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out free TCP ports on 127.0.0.1 inside the range these tests own (25000-26999).
 * A port is handed out once per JVM, so a restarted member keeps its ports and no other member
 * takes them; a port already bound by someone else is skipped.
 */
public final class Ports {
    private static final int FIRST = 25000;
    private static final int LAST = 26999;
    // Start at a pid-dependent offset so a rerun does not trip over the previous run's TIME_WAITs.
    private static final AtomicInteger NEXT =
            new AtomicInteger(FIRST + (int) (ProcessHandle.current().pid() * 37 % (LAST - FIRST)));

    private Ports() {
    }

    /** The next free port in range. */
    public static int next() {
        for (int tries = 0; tries <= LAST - FIRST; tries++) {
            int port = NEXT.getAndUpdate(p -> p >= LAST ? FIRST : p + 1);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + LAST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
