package io.ketch.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the resolved etcd settings into Config Admin configurations, one per PID (see the
 * shared brief): property names are the camelCase of the flag names, lists are {@code String[]},
 * durations are milliseconds, sizes bytes, numbers {@code Long}.
 */
public final class ConfigMapper {

    /** PID of the MVStore backend. */
    public static final String STORAGE_MVSTORE = "io.ketch.storage.mvstore";
    /** PID of the in-memory backend. */
    public static final String STORAGE_MEMORY = "io.ketch.storage.memory";
    /** PID of the raft bundle. */
    public static final String RAFT = "io.ketch.raft";
    /** PID of the server core. */
    public static final String SERVER = "io.ketch.server";
    /** PID of the v3 gRPC front end. */
    public static final String V3GRPC = "io.ketch.v3grpc";

    private ConfigMapper() {
    }

    /** @return refused flags (support REFUSED, value not the default), in table order */
    public static List<String> refused(Settings s) {
        List<String> out = new ArrayList<>();
        for (FlagSpec spec : EtcdFlags.all()) {
            if (spec.support() == Support.REFUSED && !s.isDefault(spec.name())) {
                out.add(spec.name());
            }
        }
        return out;
    }

    /** @return the features the member role needs, in start order */
    public static List<String> features(Settings s) {
        String storage = s.string("storage-backend").equals("memory") ? "storage-memory" : "storage-mvstore";
        return List.of("core", storage, "raft", "server", "v3-grpc");
    }

    /** @return PID -> properties for a member (the data dir must already be resolved) */
    public static Map<String, Map<String, Object>> map(Settings s) {
        String dataDir = s.string("data-dir");
        String memberDir = Path.of(dataDir).resolve("member").toString();
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        if (s.string("storage-backend").equals("memory")) {
            pids.put(STORAGE_MEMORY, props("name", s.string("name")));
        } else {
            pids.put(STORAGE_MVSTORE, props("dataDir", memberDir, "quotaBackendBytes", s.number("quota-backend-bytes")));
        }
        pids.put(RAFT, raft(s, memberDir));
        pids.put(SERVER, server(s, dataDir, memberDir));
        pids.put(V3GRPC, v3grpc(s));
        return pids;
    }

    private static Map<String, Object> raft(Settings s, String memberDir) {
        Map<String, Object> p = props("name", s.string("name"), "dataDir", memberDir);
        copy(s, p, "initial-cluster", "initial-cluster-state", "initial-cluster-token", "initial-advertise-peer-urls",
                "listen-peer-urls", "advertise-client-urls", "heartbeat-interval", "election-timeout",
                "snapshot-count", "force-new-cluster", "strict-reconfig-check", "max-request-bytes");
        return p;
    }

    private static Map<String, Object> server(Settings s, String dataDir, String memberDir) {
        Map<String, Object> p = props("name", s.string("name"), "dataDir", dataDir, "memberDir", memberDir);
        // The server publishes this member's client URLs through raft, as etcd does.
        // Raft timing sets the lease minimum TTL and the extension a new leader grants.
        copy(s, p, "advertise-client-urls", "max-txn-ops", "max-request-bytes", "quota-backend-bytes",
                "auto-compaction-mode", "auto-compaction-retention", "heartbeat-interval", "election-timeout",
                "experimental-watch-progress-notify-interval");
        return p;
    }

    private static Map<String, Object> v3grpc(Settings s) {
        Map<String, Object> p = props("name", s.string("name"));
        copy(s, p, "listen-client-urls", "advertise-client-urls", "max-request-bytes", "max-concurrent-streams",
                "grpc-keepalive-min-time", "grpc-keepalive-interval", "grpc-keepalive-timeout", "enable-v2");
        return p;
    }

    private static void copy(Settings s, Map<String, Object> p, String... flags) {
        for (String flag : flags) {
            p.put(EtcdFlags.get(flag).propertyName(), toProperty(s.get(flag)));
        }
    }

    /** Config Admin property value of a typed flag value. */
    static Object toProperty(Object value) {
        if (value instanceof java.time.Duration d) {
            return d.toMillis();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toArray(String[]::new);
        }
        return value == null ? new String[0] : value;
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return p;
    }
}
