package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {

    @TempDir
    Path dir;

    private static String validate(String... args) {
        Settings s = FlagParser.parse(List.of(args));
        Validation.applyCommandLineRules(s);
        return Validation.validate(s);
    }

    private static String verify(String... args) {
        Settings s = FlagParser.parse(List.of(args));
        Bootstrap.applyDefaults(s);
        return Bootstrap.verifyCluster(s);
    }

    @Test
    void listenClientWithoutAdvertiseIsRefused() {
        assertEquals(Validation.UNSET_ADVERTISE_CLIENT_URLS, validate("--listen-client-urls", "http://127.0.0.1:24379"));
    }

    @Test
    void bindingToAHostNameIsRefused() {
        assertEquals("expected IP in URL for binding (http://foo:24379)", validate("--listen-client-urls",
                "http://foo:24379", "--advertise-client-urls", "http://127.0.0.1:24379"));
    }

    @Test
    void shortElectionTimeoutIsRefused() {
        assertEquals("--election-timeout[200ms] should be at least as 5 times as --heartbeat-interval[100ms]",
                validate("--election-timeout", "200"));
    }

    @Test
    void longElectionTimeoutIsRefused() {
        assertEquals("--election-timeout[60000ms] is too long, and should be set less than 50000ms",
                validate("--election-timeout", "60000"));
    }

    @Test
    void twoBootstrapMethodsConflict() {
        assertEquals(Validation.CONFLICT_BOOTSTRAP_FLAGS, validate("--initial-cluster", "default=http://localhost:2380",
                "--discovery-srv", "example.com"));
    }

    @Test
    void unknownCompactionModeIsRefused() {
        assertEquals("unknown auto-compaction-mode \"daily\"", validate("--auto-compaction-mode", "daily"));
    }

    @Test
    void emptyAdvertiseHostIsRefused() {
        assertEquals("--initial-advertise-peer-urls \"http://:24380\" must be \"host:port\" (unexpected empty host "
                + "(http://:24380))", validate("--initial-advertise-peer-urls", "http://:24380"));
    }

    @Test
    void nameMissingFromInitialClusterIsRefused() {
        assertEquals("couldn't find local name \"zz\" in the initial cluster configuration",
                verify("--name", "zz", "--initial-cluster", "default=http://127.0.0.1:24380"));
    }

    @Test
    void advertisedPeerUrlMissingFromClusterIsRefused() {
        String error = verify("--initial-cluster", "default=http://127.0.0.1:24380",
                "--initial-advertise-peer-urls", "http://127.0.0.1:24381");
        assertTrue(error.startsWith("--initial-cluster has default=http://127.0.0.1:24380 but missing from "
                + "--initial-advertise-peer-urls=http://127.0.0.1:24381"), error);
    }

    @Test
    void duplicatePeerUrlIsRefused() {
        assertEquals("initial cluster a=http://127.0.0.1:24380,default=http://127.0.0.1:24380 has duplicate url",
                verify("--initial-cluster", "default=http://127.0.0.1:24380,a=http://127.0.0.1:24380",
                        "--initial-advertise-peer-urls", "http://127.0.0.1:24380"));
    }

    @Test
    void matchingClusterIsAccepted() {
        assertNull(verify("--name", "n1", "--initial-cluster", "n1=http://127.0.0.1:24380,n2=http://127.0.0.1:24390",
                "--initial-advertise-peer-urls", "http://127.0.0.1:24380"));
    }

    @Test
    void dataDirIsCreatedPrivate() throws IOException {
        Path data = dir.resolve("d");
        assertNull(Bootstrap.touchDataDir(data));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }

    @Test
    void openDataDirIsWarnedAbout() throws IOException {
        Path data = Files.createDirectory(dir.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals("check file permission: directory \"" + data + "\" exist, but the permission is \"drwxr-xr-x\". "
                + "The recommended permission is \"-rwx------\" to prevent possible unprivileged access to the data.",
                Bootstrap.touchDataDir(data));
    }

    @Test
    void retentionWithoutUnitIsHours() {
        assertEquals(3_600_000L, Validation.retentionMillis("periodic", "1"));
        assertEquals(300_000L, Validation.retentionMillis("periodic", "5m"));
    }
}
