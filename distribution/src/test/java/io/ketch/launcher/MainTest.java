package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exit codes and texts of the paths that end before a container starts. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int run(String... args) {
        return Main.run(List.of(args), Map.of(), Path.of("/nonexistent"));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownFlagExitsTwoWithUsage() {
        assertEquals(2, run("--bogus"));
        assertTrue(err().startsWith("flag provided but not defined: -bogus\nUsage:\n"), err());
    }

    @Test
    void helpExitsZeroWithFlagsOnStdout() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  --name 'default'\n"));
        assertTrue(err().startsWith("Usage:\n"));
    }

    @Test
    void versionNamesKetchAndTheEtcdApi() {
        assertEquals(0, run("--version"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("ketch Version: "), text);
        assertTrue(text.contains("\netcd API Version: 3.4.23\nGit SHA: "), text);
        assertTrue(text.contains("\nJava Version: "), text);
    }

    @Test
    void unsupportedFlagExitsOneNamingIt() {
        assertEquals(1, run("--auto-tls"));
        assertEquals("ketch: --auto-tls is not supported yet\n", err());
    }

    @Test
    void gatewayIsNotSupportedYet() {
        assertEquals(1, run("gateway", "start"));
        assertEquals("ketch: gateway is not supported yet\n", err());
    }

    @Test
    void benchmarkIsHandedToTheBenchmarkTool() {
        // Its own flag parser answers (exit 2 for a bad flag), not etcd's.
        assertEquals(2, run("benchmark", "put", "--no-such-flag"));
        assertTrue(err().contains("--no-such-flag"), err());
    }

    @Test
    void grpcProxyIsNotSupportedYet() {
        assertEquals(1, run("grpc-proxy", "start"));
        assertEquals("ketch: grpc-proxy is not supported yet\n", err());
    }

    @Test
    void positionalArgumentIsNotAValidFlag() {
        assertEquals(1, run("extra"));
    }

    @Test
    void invalidConfigurationExitsOne() {
        assertEquals(1, run("--listen-client-urls", "http://127.0.0.1:24379"));
    }
}
