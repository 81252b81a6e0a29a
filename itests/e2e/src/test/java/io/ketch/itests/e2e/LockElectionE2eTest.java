package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code etcdctl lock} and {@code etcdctl elect} against etcd 3.4.23 and Ketch side by side. The
 * holders and candidates run as background etcdctl processes; a waiter is known to be waiting once
 * its key shows under the prefix, and is released by stopping the holder with SIGTERM (etcdctl then
 * gives up its lock or leadership). Lease ids in keys are masked by {@link OutputNormalizer}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockElectionE2eTest {
    private static final long WAIT_MILLIS = 20_000;
    private MemberProcess etcd;
    private MemberProcess ketch;
    private Path work;

    @BeforeAll
    void startBoth(@TempDir Path dir) {
        work = dir;
        Binaries.requireKetch();
        etcd = new OwnPorts("etcd", "le1", dir.resolve("etcd"));
        ketch = new OwnPorts("ketch", "le1", dir.resolve("ketch"));
        etcd.startAsync();
        ketch.startAsync();
        etcd.awaitReady();
        ketch.awaitReady();
    }

    @AfterAll
    void stopBoth() {
        if (ketch != null) {
            ketch.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void secondLockWaitsUntilTheHolderExitsAsInEtcd() {
        String expected = contendedLock(etcd);
        assertTrue(expected.contains("second while held: []"), expected);
        assertEquals(expected, contendedLock(ketch));
    }

    private String contendedLock(MemberProcess m) {
        Background first = Background.start(m, work, "lock", "mylock");
        first.await(() -> first.stdout().contains("mylock/"), "the first lock");
        Background second = Background.start(m, work, "lock", "mylock");
        awaitKeys(m, "mylock/", 2);
        String whileHeld = second.stdout();
        first.terminate();
        second.await(() -> second.stdout().contains("mylock/"), "the second lock");
        second.terminate();
        OutputNormalizer n = new OutputNormalizer(m);
        return "first: " + n.normalize(first.stdout()) + "second while held: [" + n.normalize(whileHeld) + "]\n"
                + "second: " + n.normalize(second.stdout()) + "keys left: " + keys(m, "mylock/");
    }

    @Test
    void lockRunsACommandAndReleasesAsInEtcd() {
        String expected = lockCommand(etcd);
        assertTrue(expected.contains("hi"), expected);
        assertEquals(expected, lockCommand(ketch));
    }

    private String lockCommand(MemberProcess m) {
        OutputNormalizer n = new OutputNormalizer(m);
        Etcdctl ctl = m.etcdctl();
        return n.normalize(ctl.run("lock", "cmdlock", "echo", "hi")) + "\n"
                + n.normalize(ctl.run("lock", "cmdlock", "--", "sh", "-c", "echo key=$ETCD_LOCK_KEY")) + "\n"
                + "keys left: " + keys(m, "cmdlock/");
    }

    @Test
    void electionObserverSeesTheLeaderChangeAsInEtcd() {
        String expected = election(etcd);
        assertTrue(expected.contains("p2"), expected);
        assertEquals(expected, election(ketch));
    }

    private String election(MemberProcess m) {
        Background observer = Background.start(m, work, "elect", "-l", "myelection");
        Background p1 = Background.start(m, work, "elect", "myelection", "p1");
        p1.await(() -> p1.stdout().contains("p1\n"), "p1 leading");
        observer.await(() -> observer.stdout().contains("p1\n"), "the observer seeing p1");
        Background p2 = Background.start(m, work, "elect", "myelection", "p2");
        awaitKeys(m, "myelection/", 2);
        String whileLed = p2.stdout();
        p1.terminate();
        p2.await(() -> p2.stdout().contains("p2\n"), "p2 leading");
        observer.await(() -> observer.stdout().contains("p2\n"), "the observer seeing p2");
        p2.terminate();
        observer.terminate();
        OutputNormalizer n = new OutputNormalizer(m);
        return "p1: " + n.normalize(p1.stdout()) + "p2 while p1 led: [" + n.normalize(whileLed) + "]\n"
                + "p2: " + n.normalize(p2.stdout()) + "observer:\n" + n.normalize(observer.stdout());
    }

    private static void awaitKeys(MemberProcess m, String prefix, int count) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (keyCount(m, prefix) < count) {
            if (System.nanoTime() > deadline) {
                fail(m.kind() + ": never saw " + count + " keys under " + prefix);
            }
            Background.pause(50);
        }
    }

    private static int keyCount(MemberProcess m, String prefix) {
        // etcdctl 3.4 has no --count-only: count the key lines
        String out = m.etcdctl().run("get", "--prefix", "--keys-only", prefix).stdout();
        return (int) out.lines().filter(l -> !l.isEmpty()).count();
    }

    private static String keys(MemberProcess m, String prefix) {
        return Integer.toString(keyCount(m, prefix));
    }

    /** Ports 33000-33999: the range this suite was given. */
    private static final AtomicInteger NEXT_PORT = new AtomicInteger((int) (ProcessHandle.current().pid() * 17 % 1000));

    private static int ownPort() {
        for (int tries = 0; tries < 1000; tries++) {
            int port = 33000 + NEXT_PORT.getAndIncrement() % 1000;
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in 33000-33999");
    }

    /** etcd or Ketch on ports of this suite's range. */
    private static final class OwnPorts extends MemberProcess {
        private final String kind;
        private final int client = ownPort();
        private final int peer = ownPort();

        OwnPorts(String kind, String name, Path workDir) {
            super(name, workDir);
            this.kind = kind;
        }

        @Override public String kind() { return kind; }
        @Override public int clientPort() { return client; }
        @Override public int peerPort() { return peer; }
        @Override public String clientUrl() { return "http://127.0.0.1:" + client; }
        @Override public String peerUrl() { return "http://127.0.0.1:" + peer; }

        @Override
        protected List<String> command(List<String> etcdFlags) {
            List<String> cmd = new ArrayList<>(List.of(kind.equals("etcd") ? Binaries.ETCD.toString()
                    : Binaries.ketch().toString()));
            cmd.addAll(etcdFlags);
            return cmd;
        }
    }

    /** An etcdctl left running (a holder, candidate or observer), output to files. */
    private static final class Background {
        private final Process process;
        private final Path out;
        private final Path err;

        private Background(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        static Background start(MemberProcess m, Path work, String... args) {
            List<String> cmd = new ArrayList<>(List.of(Binaries.ETCDCTL.toString(), "--endpoints=" + m.clientUrl(),
                    "--dial-timeout=5s"));
            cmd.addAll(List.of(args));
            try {
                Path out = Files.createTempFile(work, "ctl", ".out");
                Path err = Files.createTempFile(work, "ctl", ".err");
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("ETCDCTL_API", "3");
                Process p = pb.start();
                p.getOutputStream().close();
                return new Background(p, out, err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String stdout() {
            try {
                return Files.readString(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Polls (an external process's output: nothing to latch on), bounded. */
        void await(BooleanSupplier done, String what) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    String e;
                    try {
                        e = Files.readString(err);
                    } catch (IOException x) {
                        e = x.toString();
                    }
                    fail("never saw " + what + "\n--- stdout\n" + stdout() + "--- stderr\n" + e);
                }
                pause(50);
            }
        }

        /** SIGTERM, as a user's Ctrl-C would: etcdctl releases what it holds before it exits. */
        void terminate() {
            process.destroy();
            try {
                if (!process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
