package io.ketch.itests.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out free TCP ports on 127.0.0.1 inside the range these tests own (25000-26999, or the
 * range in system property {@code ketch.e2e.ports}).
 * A port is handed out once per JVM, so a restarted member keeps its ports and no other member
 * takes them; a port already bound by someone else is skipped.
 */
public final class Ports {
    // -Dketch.e2e.ports=31000-31999 confines a run to another range (parallel runs on one host)
    private static final String RANGE = System.getProperty("ketch.e2e.ports", "25000-26999");
    private static final int FIRST = Integer.parseInt(RANGE.substring(0, RANGE.indexOf('-')).trim());
    private static final int LAST = Integer.parseInt(RANGE.substring(RANGE.indexOf('-') + 1).trim());
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
