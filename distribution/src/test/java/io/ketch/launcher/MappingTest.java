package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingTest {

    private static Map<String, Map<String, Object>> map(String... args) {
        Settings s = FlagParser.parse(List.of(args));
        Bootstrap.applyDefaults(s);
        return ConfigMapper.map(s);
    }

    @Test
    void raftGetsTheMemberDirAndClusterFlags() {
        Map<String, Object> raft = map("--name", "n1", "--data-dir", "/d", "--initial-cluster",
                "n1=http://127.0.0.1:24380", "--initial-advertise-peer-urls", "http://127.0.0.1:24380").get(ConfigMapper.RAFT);
        assertEquals("n1", raft.get("name"));
        assertEquals("/d/member", raft.get("dataDir"));
        assertEquals("n1=http://127.0.0.1:24380", raft.get("initialCluster"));
        assertArrayEquals(new String[] {"http://127.0.0.1:24380"}, (String[]) raft.get("initialAdvertisePeerUrls"));
        assertEquals(100L, raft.get("heartbeatInterval"));
        assertEquals(1000L, raft.get("electionTimeout"));
        assertEquals(100000L, raft.get("snapshotCount"));
        assertEquals(true, raft.get("strictReconfigCheck"));
    }

    @Test
    void mvstoreGetsMemberDirAndQuota() {
        Map<String, Object> store = map("--data-dir", "/d", "--quota-backend-bytes", "1024").get(ConfigMapper.STORAGE_MVSTORE);
        assertEquals("/d/member", store.get("dataDir"));
        assertEquals(1024L, store.get("quotaBackendBytes"));
    }

    @Test
    void serverGetsLimitsAndCompaction() {
        Map<String, Object> server = map("--max-txn-ops", "64", "--auto-compaction-retention", "1h").get(ConfigMapper.SERVER);
        assertEquals(64L, server.get("maxTxnOps"));
        assertEquals("1h", server.get("autoCompactionRetention"));
        assertEquals("periodic", server.get("autoCompactionMode"));
        assertEquals("default.etcd", server.get("dataDir"));
    }

    @Test
    void serverGetsTheAdvertisedClientUrlsItPublishes() {
        Map<String, Object> server = map("--listen-client-urls", "http://127.0.0.1:24379",
                "--advertise-client-urls", "http://127.0.0.1:24379").get(ConfigMapper.SERVER);
        assertArrayEquals(new String[] {"http://127.0.0.1:24379"}, (String[]) server.get("advertiseClientUrls"));
    }

    @Test
    void serverGetsRaftTimingForLeasesAndTheWatchProgressInterval() {
        Map<String, Object> server = map("--heartbeat-interval", "50", "--election-timeout", "500",
                "--experimental-watch-progress-notify-interval", "2s").get(ConfigMapper.SERVER);
        assertEquals(50L, server.get("heartbeatInterval"));
        assertEquals(500L, server.get("electionTimeout"));
        assertEquals(2000L, server.get("experimentalWatchProgressNotifyInterval"));
    }

    @Test
    void v3grpcDurationsAreMilliseconds() {
        Map<String, Object> grpc = map("--grpc-keepalive-min-time", "3s").get(ConfigMapper.V3GRPC);
        assertEquals(3000L, grpc.get("grpcKeepaliveMinTime"));
        assertArrayEquals(new String[] {"http://localhost:2379"}, (String[]) grpc.get("listenClientUrls"));
    }

    @Test
    void memoryBackendReplacesMvstore() {
        Map<String, Map<String, Object>> pids = map("--storage-backend", "memory");
        assertTrue(pids.containsKey(ConfigMapper.STORAGE_MEMORY));
        assertFalse(pids.containsKey(ConfigMapper.STORAGE_MVSTORE));
        assertEquals(List.of("core", "storage-memory", "raft", "server", "v3-grpc"),
                ConfigMapper.features(FlagParser.parse(List.of("--storage-backend", "memory"))));
    }

    @Test
    void defaultFeaturesAreTheMemberRole() {
        assertEquals(List.of("core", "storage-mvstore", "raft", "server", "v3-grpc"),
                ConfigMapper.features(FlagParser.parse(List.of())));
    }

    @Test
    void refusedFlagAtItsDefaultIsAccepted() {
        assertEquals(List.of(), ConfigMapper.refused(FlagParser.parse(List.of("--auto-tls=false", "--metrics", "basic"))));
    }

    @Test
    void refusedFlagWithAnotherValueIsReported() {
        assertEquals(List.of("auto-tls", "metrics"),
                ConfigMapper.refused(FlagParser.parse(List.of("--auto-tls", "--metrics", "extensive"))));
    }

    @Test
    void consoleAddrIsRefusedForNow() {
        assertEquals(List.of("console-addr"), ConfigMapper.refused(FlagParser.parse(List.of("--console-addr", ":8080"))));
    }
}
