package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots between etcd 3.4.23 and Ketch: {@code ketch snapshot status} prints what
 * {@code etcdctl snapshot status} prints for a snapshot of either, and a snapshot saved from
 * Ketch restores with {@code etcdctl snapshot restore} into a real etcd that serves every key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotE2eTest {
    private static final int KEYS = 25;
    private static final long STATUS_TIMEOUT_SECONDS = 30;

    private Path work;
    private EtcdProcess etcd;
    private KetchProcess ketch;
    private EtcdProcess restored;
    private Path etcdSnapshot;
    private Path ketchSnapshot;

    @BeforeAll
    void saveBoth(@TempDir Path dir) {
        Binaries.requireEtcd();
        Binaries.requireKetch();
        work = dir;
        etcd = new EtcdProcess("s1", dir.resolve("etcd"));
        ketch = new KetchProcess("s1", dir.resolve("ketch"));
        etcd.startAsync();
        ketch.startAsync();
        etcd.awaitReady();
        ketch.awaitReady();
        etcdSnapshot = save(etcd, dir.resolve("etcd.db"));
        ketchSnapshot = save(ketch, dir.resolve("ketch.db"));
    }

    @AfterAll
    void stopAll() {
        for (MemberProcess m : new MemberProcess[] {restored, ketch, etcd}) {
            if (m != null) {
                m.close();
            }
        }
    }

    private static Path save(MemberProcess m, Path file) {
        Etcdctl ctl = m.etcdctl();
        for (int i = 0; i < KEYS; i++) {
            expectOk(ctl.run("put", "key" + i, "value" + i), m);
        }
        expectOk(ctl.run("lease", "grant", "600"), m);
        expectOk(ctl.run("snapshot", "save", file.toString()), m);
        return file;
    }

    private static void expectOk(Etcdctl.Result r, MemberProcess m) {
        assertEquals(0, r.exitCode(), () -> m.kind() + ": " + r + "\n" + m.logTail(40));
    }

    @Test
    void statusOfAnEtcdSnapshotIsEtcdctls() {
        assertSameStatus(etcdSnapshot);
    }

    @Test
    void statusOfAKetchSnapshotIsEtcdctls() {
        assertSameStatus(ketchSnapshot);
    }

    @Test
    void statusOfAMissingFileIsEtcdctlsError() {
        Path missing = work.resolve("missing.db");
        assertEquals(offline("status", missing.toString()).toString(), ketch("status", missing.toString()).toString());
    }

    @Test
    void unsupportedOutputFormatsAreEtcdctlsErrors() {
        for (String format : List.of("protobuf", "yaml")) {
            assertEquals(offline("status", etcdSnapshot.toString(), "-w", format).toString(),
                    ketch("status", etcdSnapshot.toString(), "-w", format).toString(), "-w " + format);
        }
    }

    private void assertSameStatus(Path file) {
        for (String format : List.of("table", "json", "simple", "fields")) {
            Etcdctl.Result expected = offline("status", file.toString(), "-w", format);
            assertEquals(0, expected.exitCode(), expected::toString);
            assertEquals(expected.toString(), ketch("status", file.toString(), "-w", format).toString(),
                    "snapshot status -w " + format + " of " + file);
        }
    }

    @Test
    void aKetchSnapshotRestoresIntoEtcdWithEveryKey() {
        restored = new EtcdProcess("r1", work.resolve("restored"));
        Etcdctl.Result restore = offline("restore", ketchSnapshot.toString(), "--name=r1",
                "--data-dir=" + restored.dataDir(), "--initial-cluster=r1=" + restored.peerUrl(),
                "--initial-advertise-peer-urls=" + restored.peerUrl(), "--initial-cluster-token=snapshot-e2e");
        assertEquals(0, restore.exitCode(), restore::toString);
        restored.start();
        Etcdctl ctl = restored.etcdctl();
        for (int i = 0; i < KEYS; i++) {
            Etcdctl.Result get = ctl.run("get", "key" + i, "--print-value-only");
            assertEquals("value" + i + "\n", get.stdout(), () -> get + "\n" + restored.logTail(40));
        }
    }

    /** etcdctl's offline {@code snapshot <args>} (the endpoint is not contacted). */
    private Etcdctl.Result offline(String... args) {
        List<String> all = new ArrayList<>(List.of("snapshot"));
        all.addAll(List.of(args));
        return new Etcdctl("http://127.0.0.1:1").run(all.toArray(String[]::new));
    }

    /** {@code bin/ketch snapshot <args>}, bounded. */
    private Etcdctl.Result ketch(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Binaries.ketch().toString(), "snapshot"));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(work, "ketch", ".out");
            Path err = Files.createTempFile(work, "ketch", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(STATUS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("ketch timed out: " + cmd);
            }
            return new Etcdctl.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
