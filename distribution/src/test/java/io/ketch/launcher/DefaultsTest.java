package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaults are etcd 3.4.23's (embed.NewConfig and etcdmain). */
class DefaultsTest {

    private final Settings s = FlagParser.parse(List.of());

    @Test
    void memberDefaults() {
        assertEquals("default", s.string("name"));
        assertEquals(100000L, s.number("snapshot-count"));
        assertEquals(100L, s.number("heartbeat-interval"));
        assertEquals(1000L, s.number("election-timeout"));
        assertEquals(128L, s.number("max-txn-ops"));
        assertEquals(1572864L, s.number("max-request-bytes"));
        assertEquals(0L, s.number("quota-backend-bytes"));
        assertEquals(4294967295L, s.number("max-concurrent-streams"));
        assertEquals(Duration.ofHours(2), s.duration("grpc-keepalive-interval"));
    }

    @Test
    void urlDefaultsAreLocalhost() {
        assertEquals(List.of("http://localhost:2379"), s.list("listen-client-urls"));
        assertEquals(List.of("http://localhost:2379"), s.list("advertise-client-urls"));
        assertEquals(List.of("http://localhost:2380"), s.list("listen-peer-urls"));
        assertEquals(List.of("http://localhost:2380"), s.list("initial-advertise-peer-urls"));
    }

    @Test
    void clusterDefaults() {
        assertEquals("default=http://localhost:2380", s.string("initial-cluster"));
        assertEquals("etcd-cluster", s.string("initial-cluster-token"));
        assertEquals("new", s.string("initial-cluster-state"));
        assertEquals(true, s.bool("strict-reconfig-check"));
    }

    @Test
    void defaultDataDirIsNameDotEtcd() {
        Settings named = FlagParser.parse(List.of("--name", "n1"));
        Bootstrap.applyDefaults(named);
        assertEquals("n1.etcd", named.string("data-dir"));
    }

    @Test
    void defaultsValidate() {
        Validation.applyCommandLineRules(s);
        assertNull(Validation.validate(s));
        Bootstrap.applyDefaults(s);
        assertNull(Bootstrap.verifyCluster(s));
    }

    @Test
    void nameAloneRewritesTheDefaultInitialCluster() {
        Settings named = FlagParser.parse(List.of("--name", "zz"));
        Bootstrap.applyDefaults(named);
        assertEquals("zz=http://localhost:2380", named.string("initial-cluster"));
    }

    @Test
    void loggingDefaults() {
        assertEquals("capnslog", s.string("logger"));
        assertEquals("info", s.string("log-level"));
        assertEquals(List.of("default"), s.list("log-outputs"));
    }
}
