package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** etcd's own client (etcdctl 3.4, grpc-go) against the listener; skipped where it is not installed. */
class EtcdctlTest {
    private static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    private final ListenerFixture fixture = new ListenerFixture();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    private record Result(int exit, String out, String err) {
    }

    private Result etcdctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(),
                "--endpoints=" + fixture.endpoint(), "--dial-timeout=5s", "--command-timeout=10s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("etcdctl did not finish: " + command);
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void putThenGetRoundTrips() throws Exception {
        assumeTrue(Files.isExecutable(ETCDCTL), "etcdctl not installed");
        Result put = etcdctl("put", "k", "v");
        assertEquals(new Result(0, "OK\n", ""), put);
        Result get = etcdctl("get", "k");
        assertEquals(new Result(0, "k\nv\n", ""), get);
    }

    @Test
    void errorIsPrintedAsEtcdPrintsIt() throws Exception {
        assumeTrue(Files.isExecutable(ETCDCTL), "etcdctl not installed");
        Result put = etcdctl("put", "k", "a".repeat(2000));
        assertEquals(1, put.exit());
        assertEquals("Error: etcdserver: request is too large", lastLine(put.err()));
    }

    @Test
    void messageOverTheGrpcLimitIsGrpcsOwnError() throws Exception {
        assumeTrue(Files.isExecutable(ETCDCTL), "etcdctl not installed");
        Path value = Files.createTempFile("ketch-big", ".txt");
        try {
            Files.writeString(value, "a".repeat(600_000));
            ProcessBuilder builder = new ProcessBuilder(ETCDCTL.toString(), "--endpoints=" + fixture.endpoint(),
                    "put", "k2").redirectInput(value.toFile());
            builder.environment().put("ETCDCTL_API", "3");
            Process process = builder.start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "etcdctl did not finish");
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, process.exitValue());
            // etcd (grpc-go) words it "grpc: received message larger than max (600008 vs. 525312)".
            assertEquals("Error: rpc error: code = ResourceExhausted desc = ", lastLine(err).substring(0, 50), err);
        } finally {
            Files.delete(value);
        }
    }

    @Test
    void endpointStatusReadsTheMaintenanceService() throws Exception {
        assumeTrue(Files.isExecutable(ETCDCTL), "etcdctl not installed");
        Result status = etcdctl("endpoint", "status");
        assertEquals(0, status.exit(), status.err());
        assertEquals(fixture.endpoint() + ", 61f83a2baa3cda12, 3.4.23, 20 kB, true, false, 2, 7, 7, \n",
                status.out());
    }

    @Test
    void endpointHealthReadsAndListsAlarms() throws Exception {
        assumeTrue(Files.isExecutable(ETCDCTL), "etcdctl not installed");
        Result health = etcdctl("endpoint", "health");
        assertEquals(0, health.exit(), health.err());
        // etcdctl 3.4 prints the health line on stderr.
        assertTrue(health.err().startsWith(fixture.endpoint()
                + " is healthy: successfully committed proposal: took = "), health.err());
    }

    @Test
    void memberListReadsTheClusterService() throws Exception {
        assumeTrue(Files.isExecutable(ETCDCTL), "etcdctl not installed");
        Result members = etcdctl("member", "list");
        assertEquals(new Result(0, "61f83a2baa3cda12, started, m1, http://127.0.0.1:2380, http://127.0.0.1:2379, false\n",
                ""), members);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
