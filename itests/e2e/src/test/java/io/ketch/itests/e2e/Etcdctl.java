package io.ketch.itests.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real etcdctl (API v3) against one endpoint and captures what it prints. */
public final class Etcdctl {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final String endpoint;

    /** One etcdctl bound to a client URL such as {@code http://127.0.0.1:25001}. */
    public Etcdctl(String endpoint) {
        this.endpoint = endpoint;
    }

    /** What one etcdctl run returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Everything, for failure messages. */
        @Override
        public String toString() {
            return "exit=" + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code etcdctl --endpoints=<endpoint> args...} with no stdin. */
    public Result run(String... args) {
        return run(null, DEFAULT_TIMEOUT, args);
    }

    /** Runs etcdctl feeding {@code stdin} (for interactive txn); fails the caller on timeout. */
    public Result runWithInput(String stdin, String... args) {
        return run(stdin, DEFAULT_TIMEOUT, args);
    }

    /** Runs etcdctl with a bound on its run time. */
    public Result run(String stdin, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Binaries.ETCDCTL.toString());
        cmd.add("--endpoints=" + endpoint);
        cmd.add("--dial-timeout=5s");
        cmd.add("--command-timeout=10s");
        cmd.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("etcdctl", ".out");
            err = Files.createTempFile("etcdctl", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("ETCDCTL_API", "3");
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("etcdctl timed out after " + timeout + ": " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
