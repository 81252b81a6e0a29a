package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One single-member cluster process (etcd or Ketch) started with etcd's flags on 127.0.0.1.
 * Output goes to a log file beside the data dir; a restart appends to the same log and reuses the
 * data dir and ports, as an operator restarting a member would.
 */
public abstract class MemberProcess implements AutoCloseable {
    /** The line etcd (and Ketch) log once the client listener serves. */
    public static final String READY_LINE = "ready to serve client requests";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Path dataDir;
    private final Path logFile;
    private final int clientPort;
    private final int peerPort;
    private final List<String> extraFlags = new ArrayList<>();
    private Process process;
    private long logOffsetAtStart;

    /** A member named {@code name} whose data dir is {@code <workDir>/<name>.data}. */
    protected MemberProcess(String name, Path workDir) {
        this.name = name;
        this.dataDir = workDir.resolve(name + ".data");
        this.logFile = workDir.resolve(name + "-" + kind() + ".log");
        this.clientPort = Ports.next();
        this.peerPort = Ports.next();
    }

    /** "etcd" or "ketch", for logs and messages. */
    public abstract String kind();

    /** The command line that runs this member with the given etcd flags. */
    protected abstract List<String> command(List<String> etcdFlags);

    /** Extra environment for the process. */
    protected Map<String, String> environment() {
        return Map.of();
    }

    /** Adds an etcd flag (e.g. {@code --snapshot-count=100}) for the next start. */
    public MemberProcess withFlag(String flag) {
        extraFlags.add(flag);
        return this;
    }

    public String name() {
        return name;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int clientPort() {
        return clientPort;
    }

    public int peerPort() {
        return peerPort;
    }

    public String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    public String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** An etcdctl bound to this member. */
    public Etcdctl etcdctl() {
        return new Etcdctl(clientUrl());
    }

    /** The flags both implementations get, identical for etcd and Ketch. */
    public List<String> etcdFlags() {
        List<String> flags = new ArrayList<>(List.of(
                "--name=" + name,
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + clientUrl(),
                "--advertise-client-urls=" + clientUrl(),
                "--listen-peer-urls=" + peerUrl(),
                "--initial-advertise-peer-urls=" + peerUrl(),
                "--initial-cluster=" + name + "=" + peerUrl(),
                "--initial-cluster-state=new"));
        flags.addAll(extraFlags);
        return flags;
    }

    /** Starts the process and waits until it is ready. */
    public MemberProcess start() {
        startAsync();
        awaitReady();
        return this;
    }

    /** Starts the process without waiting (so two members can boot side by side). */
    public MemberProcess startAsync() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(kind() + " " + name + " is already running");
        }
        try {
            Files.createDirectories(logFile.getParent());
            logOffsetAtStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            ProcessBuilder pb = new ProcessBuilder(command(etcdFlags()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(environment());
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (bounded) for the ready line in this run's log and a healthy {@code endpoint health};
     * fails with the log tail.
     */
    public void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Etcdctl.Result health = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(kind() + " " + name + " exited with " + process.exitValue() + " before ready\n" + logTail(60));
            }
            if (logSinceStart().contains(READY_LINE)) {
                health = etcdctl().run(null, Duration.ofSeconds(10), "endpoint", "health");
                if (health.exitCode() == 0) {
                    return;
                }
            }
            pause(100);
        }
        fail(kind() + " " + name + " not ready within " + READY_TIMEOUT + "; last health: " + health
                + "\n" + logTail(60));
    }

    /** SIGTERM (to the whole process tree, since a launcher script may not exec) and wait. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroy); // destroy() is SIGTERM on Linux
        if (!awaitExit(tree, STOP_TIMEOUT)) {
            kill();
            fail(kind() + " " + name + " did not exit within " + STOP_TIMEOUT + " of SIGTERM\n" + logTail(40));
        }
    }

    /** {@code kill -9} of the process and every descendant, then wait for them to be gone. */
    public void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = tree();
        List<String> cmd = new ArrayList<>(List.of("kill", "-9"));
        tree.forEach(h -> cmd.add(Long.toString(h.pid())));
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!awaitExit(tree, STOP_TIMEOUT)) {
            fail(kind() + " " + name + " survived kill -9");
        }
    }

    /** Whether the process is running. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log at " + logFile + ")";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + tail.size() + " lines of " + logFile + "\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Kills the member if it still runs; the data dir stays for the @TempDir to clean. */
    @Override
    public void close() {
        kill();
    }

    private String logSinceStart() {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(logOffsetAtStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    private static boolean awaitExit(List<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : tree) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (h.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // polling an external process's log: there is nothing to latch on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
