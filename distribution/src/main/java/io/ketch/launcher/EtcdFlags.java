package io.ketch.launcher;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of etcd 3.4.23's flags (etcdmain/config.go and help.go): name, type, default,
 * help text and what Ketch does with each. Listed flags are in etcd's help order; the help text
 * is rendered from this table. Flags etcd accepts but does not list follow, then Ketch's own.
 */
public final class EtcdFlags {

    /** Legacy flags etcd accepts and ignores with a warning (etcdmain/config.go {@code ignored}). */
    static final List<String> IGNORED = List.of("cluster-active-size", "cluster-remove-delay",
            "cluster-sync-interval", "config", "force", "max-result-buffer", "max-retry-attempts",
            "peer-heartbeat-interval", "peer-election-timeout", "retry-interval", "snapshot", "v", "vv",
            "test.coverprofile", "test.outputdir");

    private static final Map<String, FlagSpec> FLAGS = build();

    private EtcdFlags() {
    }

    /** @return every flag, in help order */
    public static List<FlagSpec> all() {
        return List.copyOf(FLAGS.values());
    }

    /** @return the flag of that name, or null */
    public static FlagSpec get(String name) {
        return FLAGS.get(name);
    }

    private static Map<String, FlagSpec> build() {
        List<FlagSpec> list = List.of(
            f("name", FlagType.STRING, "default", "'default'", "Member", Support.HONOURED, null,
                "Human-readable name for this member."),
            f("data-dir", FlagType.STRING, "", "'${name}.etcd'", "Member", Support.HONOURED, null,
                "Path to the data directory."),
            f("wal-dir", FlagType.STRING, "", "''", "Member", Support.REFUSED, null,
                "Path to the dedicated wal directory."),
            f("snapshot-count", FlagType.UINT64, "100000", "'100000'", "Member", Support.HONOURED, null,
                "Number of committed transactions to trigger a snapshot to disk."),
            f("heartbeat-interval", FlagType.UINT, "100", "'100'", "Member", Support.HONOURED, null,
                "Time (in milliseconds) of a heartbeat interval."),
            f("election-timeout", FlagType.UINT, "1000", "'1000'", "Member", Support.HONOURED, null,
                "Time (in milliseconds) for an election to timeout. See tuning documentation for details."),
            f("initial-election-tick-advance", FlagType.BOOL, "true", "'true'", "Member", Support.REFUSED, null,
                "Whether to fast-forward initial election ticks on boot for faster election."),
            f("listen-peer-urls", FlagType.URLS, "http://localhost:2380", "'http://localhost:2380'", "Member", Support.HONOURED, null,
                "List of URLs to listen on for peer traffic."),
            f("listen-client-urls", FlagType.URLS, "http://localhost:2379", "'http://localhost:2379'", "Member", Support.HONOURED, null,
                "List of URLs to listen on for client traffic."),
            f("max-snapshots", FlagType.UINT, "5", "'5'", "Member", Support.REFUSED, null,
                "Maximum number of snapshot files to retain (0 is unlimited)."),
            f("max-wals", FlagType.UINT, "5", "'5'", "Member", Support.REFUSED, null,
                "Maximum number of wal files to retain (0 is unlimited)."),
            f("quota-backend-bytes", FlagType.INT64, "0", "'0'", "Member", Support.HONOURED, null,
                "Raise alarms when backend size exceeds the given quota (0 defaults to low space quota)."),
            f("backend-batch-interval", FlagType.DURATION, "0s", "''", "Member", Support.REFUSED, null,
                "BackendBatchInterval is the maximum time before commit the backend transaction."),
            f("backend-batch-limit", FlagType.INT, "0", "'0'", "Member", Support.REFUSED, null,
                "BackendBatchLimit is the maximum operations before commit the backend transaction."),
            f("max-txn-ops", FlagType.UINT, "128", "'128'", "Member", Support.HONOURED, null,
                "Maximum number of operations permitted in a transaction."),
            f("max-request-bytes", FlagType.UINT, "1572864", "'1572864'", "Member", Support.HONOURED, null,
                "Maximum client request size in bytes the server will accept."),
            f("max-concurrent-streams", FlagType.UINT32, "4294967295", "'math.MaxUint32'", "Member", Support.HONOURED, null,
                "Maximum concurrent streams that each client can open at a time."),
            f("grpc-keepalive-min-time", FlagType.DURATION, "5s", "'5s'", "Member", Support.HONOURED, null,
                "Minimum duration interval that a client should wait before pinging server."),
            f("grpc-keepalive-interval", FlagType.DURATION, "2h", "'2h'", "Member", Support.HONOURED, null,
                "Frequency duration of server-to-client ping to check if a connection is alive (0 to disable)."),
            f("grpc-keepalive-timeout", FlagType.DURATION, "20s", "'20s'", "Member", Support.HONOURED, null,
                "Additional duration of wait before closing a non-responsive connection (0 to disable)."),
            f("initial-advertise-peer-urls", FlagType.URLS, "http://localhost:2380", "'http://localhost:2380'", "Clustering", Support.HONOURED, null,
                "List of this member's peer URLs to advertise to the rest of the cluster."),
            f("initial-cluster", FlagType.STRING, "default=http://localhost:2380", "'default=http://localhost:2380'", "Clustering", Support.HONOURED, null,
                "Initial cluster configuration for bootstrapping."),
            f("initial-cluster-state", FlagType.SELECT, "new", "'new'", "Clustering", Support.HONOURED, "new,existing",
                "Initial cluster state ('new' or 'existing')."),
            f("initial-cluster-token", FlagType.STRING, "etcd-cluster", "'etcd-cluster'", "Clustering", Support.HONOURED, null,
                "Initial cluster token for the etcd cluster during bootstrap.", "Specifying this can protect you from unintended cross-cluster interaction when running multiple clusters."),
            f("advertise-client-urls", FlagType.URLS, "http://localhost:2379", "'http://localhost:2379'", "Clustering", Support.HONOURED, null,
                "List of this member's client URLs to advertise to the public.", "The client URLs advertised should be accessible to machines that talk to etcd cluster. etcd client libraries parse these URLs to connect to the cluster."),
            f("discovery", FlagType.STRING, "", "''", "Clustering", Support.REFUSED, null,
                "Discovery URL used to bootstrap the cluster."),
            f("discovery-fallback", FlagType.SELECT, "proxy", "'proxy'", "Clustering", Support.REFUSED, "proxy,exit",
                "Expected behavior ('exit' or 'proxy') when discovery services fails.", "\"proxy\" supports v2 API only."),
            f("discovery-proxy", FlagType.STRING, "", "''", "Clustering", Support.REFUSED, null,
                "HTTP proxy to use for traffic to discovery service."),
            f("discovery-srv", FlagType.STRING, "", "''", "Clustering", Support.REFUSED, null,
                "DNS srv domain used to bootstrap the cluster."),
            f("discovery-srv-name", FlagType.STRING, "", "''", "Clustering", Support.REFUSED, null,
                "Suffix to the dns srv name queried when bootstrapping."),
            f("strict-reconfig-check", FlagType.BOOL, "true", "'true'", "Clustering", Support.HONOURED, null,
                "Reject reconfiguration requests that would cause quorum loss."),
            f("pre-vote", FlagType.BOOL, "false", "'false'", "Clustering", Support.REFUSED, null,
                "Enable to run an additional Raft election phase."),
            f("auto-compaction-retention", FlagType.STRING, "0", "'0'", "Clustering", Support.HONOURED, null,
                "Auto compaction retention length. 0 means disable auto compaction."),
            f("auto-compaction-mode", FlagType.STRING, "periodic", "'periodic'", "Clustering", Support.HONOURED, null,
                "Interpret 'auto-compaction-retention' one of: periodic|revision. 'periodic' for duration based retention, defaulting to hours if no time unit is provided (e.g. '5m'). 'revision' for revision number based retention."),
            f("enable-v2", FlagType.BOOL, "false", "'false'", "Clustering", Support.REFUSED, null,
                "Accept etcd V2 client requests."),
            f("cert-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the client server TLS cert file."),
            f("key-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the client server TLS key file."),
            f("client-cert-auth", FlagType.BOOL, "false", "'false'", "Security", Support.REFUSED, null,
                "Enable client cert authentication."),
            f("client-crl-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the client certificate revocation list file."),
            f("client-cert-allowed-hostname", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Allowed TLS hostname for client cert authentication."),
            f("trusted-ca-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the client server TLS trusted CA cert file."),
            f("auto-tls", FlagType.BOOL, "false", "'false'", "Security", Support.REFUSED, null,
                "Client TLS using generated certificates."),
            f("peer-cert-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the peer server TLS cert file."),
            f("peer-key-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the peer server TLS key file."),
            f("peer-client-cert-auth", FlagType.BOOL, "false", "'false'", "Security", Support.REFUSED, null,
                "Enable peer client cert authentication."),
            f("peer-trusted-ca-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the peer server TLS trusted CA file."),
            f("peer-cert-allowed-cn", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Required CN for client certs connecting to the peer endpoint."),
            f("peer-cert-allowed-hostname", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Allowed TLS hostname for inter peer authentication."),
            f("peer-auto-tls", FlagType.BOOL, "false", "'false'", "Security", Support.REFUSED, null,
                "Peer TLS using self-generated certificates if --peer-key-file and --peer-cert-file are not provided."),
            f("peer-crl-file", FlagType.STRING, "", "''", "Security", Support.REFUSED, null,
                "Path to the peer certificate revocation list file."),
            f("cipher-suites", FlagType.STRINGS, "", "''", "Security", Support.REFUSED, null,
                "Comma-separated list of supported TLS cipher suites between client/server and peers (empty will be auto-populated by Go)."),
            f("cors", FlagType.CORS, "*", "'*'", "Security", Support.REFUSED, null,
                "Comma-separated whitelist of origins for CORS, or cross-origin resource sharing, (empty or * means allow all)."),
            f("host-whitelist", FlagType.STRINGS, "*", "'*'", "Security", Support.REFUSED, null,
                "Acceptable hostnames from HTTP client requests, if server is not secure (empty or * means allow all)."),
            f("auth-token", FlagType.STRING, "simple", "'simple'", "Auth", Support.REFUSED, null,
                "Specify a v3 authentication token type and its options ('simple' or 'jwt')."),
            f("bcrypt-cost", FlagType.UINT, "10", "10", "Auth", Support.REFUSED, null,
                "Specify the cost / strength of the bcrypt algorithm for hashing auth passwords. Valid values are between 4 and 31."),
            f("auth-token-ttl", FlagType.UINT, "300", "300", "Auth", Support.REFUSED, null,
                "Time (in seconds) of the auth-token-ttl."),
            f("enable-pprof", FlagType.BOOL, "false", "'false'", "Profiling and Monitoring", Support.REFUSED, null,
                "Enable runtime profiling data via HTTP server. Address is at client URL + \"/debug/pprof/\""),
            f("metrics", FlagType.STRING, "basic", "'basic'", "Profiling and Monitoring", Support.REFUSED, null,
                "Set level of detail for exported metrics, specify 'extensive' to include histogram metrics."),
            f("listen-metrics-urls", FlagType.URLS, "", "''", "Profiling and Monitoring", Support.REFUSED, null,
                "List of URLs to listen on for the metrics and health endpoints."),
            f("logger", FlagType.STRING, "capnslog", "'capnslog'", "Logging", Support.HONOURED, null,
                "Specify 'zap' for structured logging or 'capnslog'. [WARN] 'capnslog' will be deprecated in v3.5."),
            f("log-outputs", FlagType.STRINGS, "default", "'default'", "Logging", Support.HONOURED, null,
                "Specify 'stdout' or 'stderr' to skip journald logging even when running under systemd, or list of comma separated output targets."),
            f("log-level", FlagType.STRING, "info", "'info'", "Logging", Support.HONOURED, null,
                "Configures log level. Only supports debug, info, warn, error, panic, or fatal."),
            f("proxy", FlagType.SELECT, "off", "'off'", "v2 Proxy (to be deprecated in v4)", Support.REFUSED, "off,readonly,on",
                "Proxy mode setting ('off', 'readonly' or 'on')."),
            f("proxy-failure-wait", FlagType.UINT, "5000", "5000", "v2 Proxy (to be deprecated in v4)", Support.REFUSED, null,
                "Time (in milliseconds) an endpoint will be held in a failed state."),
            f("proxy-refresh-interval", FlagType.UINT, "30000", "30000", "v2 Proxy (to be deprecated in v4)", Support.REFUSED, null,
                "Time (in milliseconds) of the endpoints refresh interval."),
            f("proxy-dial-timeout", FlagType.UINT, "1000", "1000", "v2 Proxy (to be deprecated in v4)", Support.REFUSED, null,
                "Time (in milliseconds) for a dial to timeout."),
            f("proxy-write-timeout", FlagType.UINT, "5000", "5000", "v2 Proxy (to be deprecated in v4)", Support.REFUSED, null,
                "Time (in milliseconds) for a write to timeout."),
            f("proxy-read-timeout", FlagType.UINT, "0", "0", "v2 Proxy (to be deprecated in v4)", Support.REFUSED, null,
                "Time (in milliseconds) for a read to timeout."),
            f("experimental-initial-corrupt-check", FlagType.BOOL, "false", "'false'", "Experimental feature", Support.REFUSED, null,
                "Enable to check data corruption before serving any client/peer traffic."),
            f("experimental-corrupt-check-time", FlagType.DURATION, "0s", "'0s'", "Experimental feature", Support.REFUSED, null,
                "Duration of time between cluster corruption check passes."),
            f("experimental-enable-v2v3", FlagType.STRING, "", "''", "Experimental feature", Support.REFUSED, null,
                "Serve v2 requests through the v3 backend under a given prefix."),
            f("experimental-backend-bbolt-freelist-type", FlagType.STRING, "array", "'array'", "Experimental feature", Support.REFUSED, null,
                "ExperimentalBackendFreelistType specifies the type of freelist that boltdb backend uses(array and map are supported types)."),
            f("experimental-enable-lease-checkpoint", FlagType.BOOL, "false", "'false'", "Experimental feature", Support.REFUSED, null,
                "ExperimentalEnableLeaseCheckpoint enables primary lessor to persist lease remainingTTL to prevent indefinite auto-renewal of long lived leases."),
            f("experimental-compaction-batch-limit", FlagType.INT, "1000", "1000", "Experimental feature", Support.REFUSED, null,
                "ExperimentalCompactionBatchLimit sets the maximum revisions deleted in each compaction batch."),
            f("experimental-peer-skip-client-san-verification", FlagType.BOOL, "false", "'false'", "Experimental feature", Support.REFUSED, null,
                "Skip verification of SAN field in client certificate for peer connections."),
            f("experimental-watch-progress-notify-interval", FlagType.DURATION, "10m", "'10m'", "Experimental feature", Support.HONOURED, null,
                "Duration of periodical watch progress notification."),
            f("experimental-warning-apply-duration", FlagType.DURATION, "100ms", "'100ms'", "Experimental feature", Support.REFUSED, null,
                "Warning is generated if requests take more than this duration."),
            f("force-new-cluster", FlagType.BOOL, "false", "'false'", "Unsafe feature", Support.HONOURED, null,
                "Force to create a new one-member cluster."),
            f("debug", FlagType.BOOL, "false", "'false'", "TO BE DEPRECATED", Support.HONOURED, null,
                "Enable debug-level logging for etcd. [WARN] Will be deprecated in v3.5. Use '--log-level=debug' instead."),
            f("log-package-levels", FlagType.STRING, "", "''", "TO BE DEPRECATED", Support.REFUSED, null,
                "Specify a particular log level for each etcd package (eg: 'etcdmain=CRITICAL,etcdserver=DEBUG')."),
            // Accepted by etcd 3.4.23 but not listed in its help.
            f("config-file", FlagType.STRING, "", null, null, Support.LAUNCHER, null,
                "Path to the server configuration file. Note that if a configuration file is provided, other command line flags and environment variables will be ignored."),
            f("log-output", FlagType.STRINGS, "default", null, null, Support.HONOURED, null,
                "[TO BE DEPRECATED IN v3.5] use '--log-outputs'."),
            f("version", FlagType.BOOL, "false", null, null, Support.LAUNCHER, null, "Print the version and exit."),
            f("enable-grpc-gateway", FlagType.BOOL, "true", null, null, Support.REFUSED, null, "Enable GRPC gateway."),
            f("experimental-enable-lease-checkpoint-persist", FlagType.BOOL, "false", null, null, Support.REFUSED, null,
                "Enable persisting remainingTTL to prevent indefinite auto-renewal of long lived leases."),
            f("unsafe-no-fsync", FlagType.BOOL, "false", null, null, Support.REFUSED, null,
                "Disables fsync, unsafe, will cause data loss."),
        // Ketch's own.
            f("storage-backend", FlagType.SELECT, "mvstore", "'mvstore'", "Ketch", Support.HONOURED, "mvstore,memory",
                "Storage backend bundle to start ('mvstore' or 'memory')."),
            f("console-addr", FlagType.STRING, "", "''", "Ketch", Support.REFUSED, null,
            "Address of the Felix web console (host:port); empty disables it."));
        Map<String, FlagSpec> map = new LinkedHashMap<>();
        for (FlagSpec spec : list) {
            map.put(spec.name(), spec);
        }
        for (String name : IGNORED) {
            map.put(name, new FlagSpec(name, FlagType.IGNORED, "", null, null, Support.IGNORED, List.of(), List.of()));
        }
        return Collections.unmodifiableMap(map);
    }

    private static FlagSpec f(String name, FlagType type, String dflt, String helpDefault, String section,
                              Support support, String choices, String... help) {
        List<String> allowed = choices == null ? List.of() : Arrays.asList(choices.split(","));
        return new FlagSpec(name, type, dflt, helpDefault, section, support, allowed, List.of(help));
    }
}
