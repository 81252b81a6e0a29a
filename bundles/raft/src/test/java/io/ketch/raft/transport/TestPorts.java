package io.ketch.raft.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/** Free ports for tests, from this module's range (28000-28999 on 127.0.0.1). */
public final class TestPorts {
    private static final AtomicInteger NEXT = new AtomicInteger(28000 + (int) (ProcessHandle.current().pid() % 500));

    private TestPorts() {
    }

    /** A port in the range that is free right now. */
    public static int free() {
        for (int i = 0; i < 1000; i++) {
            int port = 28000 + Math.floorMod(NEXT.getAndIncrement() - 28000, 1000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                return port;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in 28000-28999");
    }
}
