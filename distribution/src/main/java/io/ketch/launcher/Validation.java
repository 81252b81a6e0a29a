package io.ketch.launcher;

import java.time.Duration;
import java.util.List;

/**
 * The checks etcd makes on its configuration before it starts (embed.Config.Validate and
 * etcdmain's command-line rules), with etcd's messages. A non-null result is printed as
 * {@code error verifying flags, <message>. See 'etcd --help'.} and the process exits 1.
 */
public final class Validation {

    /** etcd's {@code ErrUnsetAdvertiseClientURLsFlag}. */
    public static final String UNSET_ADVERTISE_CLIENT_URLS =
            "--advertise-client-urls is required when --listen-client-urls is set explicitly";
    /** etcd's {@code ErrConflictBootstrapFlags}. */
    public static final String CONFLICT_BOOTSTRAP_FLAGS = "multiple discovery or bootstrap flags are set. "
            + "Choose one of \"initial-cluster\", \"discovery\" or \"discovery-srv\"";
    private static final long MAX_ELECTION_MS = 50000;

    private Validation() {
    }

    /**
     * etcdmain's configFromCmdLine adjustments: listening on explicit client URLs without
     * advertising any unsets the default advertise URL; a discovery flag unsets the default
     * initial cluster.
     */
    public static void applyCommandLineRules(Settings s) {
        boolean mayBeProxy = !s.string("proxy").equals("off")
                || (!s.string("discovery").isEmpty() && s.string("discovery-fallback").equals("proxy"));
        if (!mayBeProxy && s.isSet("listen-client-urls") && !s.isSet("advertise-client-urls")) {
            s.put("advertise-client-urls", null);
        }
        boolean discovery = !s.string("discovery").isEmpty() || !s.string("discovery-srv").isEmpty()
                || !s.string("discovery-srv-name").isEmpty();
        if (discovery && !s.isSet("initial-cluster")) {
            s.put("initial-cluster", "");
        }
    }

    /** etcd's config-file rule: a discovery flag clears the default initial cluster. */
    public static void applyConfigFileRules(Settings s) {
        boolean discovery = !s.string("discovery").isEmpty() || !s.string("discovery-srv").isEmpty();
        if (discovery && s.string("initial-cluster").equals(EtcdFlags.get("initial-cluster").defaultValue())) {
            s.put("initial-cluster", "");
        }
    }

    /** @return etcd's error message, or null when the configuration is valid */
    public static String validate(Settings s) {
        for (String name : List.of("listen-peer-urls", "listen-client-urls", "listen-metrics-urls")) {
            String bind = GoUrls.checkBind(s.list(name));
            if (bind != null) {
                return bind;
            }
        }
        String host = checkHostUrls("initial-advertise-peer-urls", s.list("initial-advertise-peer-urls"));
        if (host == null) {
            host = checkHostUrls("advertise-client-urls", s.list("advertise-client-urls"));
        }
        if (host != null) {
            return host;
        }
        int bootstrap = (s.string("discovery").isEmpty() ? 0 : 1) + (s.string("initial-cluster").isEmpty() ? 0 : 1)
                + (s.string("discovery-srv").isEmpty() ? 0 : 1);
        if (bootstrap > 1) {
            return CONFLICT_BOOTSTRAP_FLAGS;
        }
        String timing = checkTiming(s.number("heartbeat-interval"), s.number("election-timeout"));
        if (timing != null) {
            return timing;
        }
        if (s.get("advertise-client-urls") == null && !s.list("listen-client-urls").isEmpty()) {
            return UNSET_ADVERTISE_CLIENT_URLS;
        }
        String mode = s.string("auto-compaction-mode");
        if (!mode.isEmpty() && !mode.equals("periodic") && !mode.equals("revision")) {
            return "unknown auto-compaction-mode \"" + mode + "\"";
        }
        if (s.bool("experimental-enable-lease-checkpoint-persist") && !s.bool("experimental-enable-lease-checkpoint")) {
            return "setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint";
        }
        return checkRetention(mode, s.string("auto-compaction-retention"));
    }

    private static String checkTiming(long tickMs, long electionMs) {
        if (tickMs <= 0) {
            return "--heartbeat-interval must be >0 (set to " + tickMs + "ms)";
        }
        if (electionMs <= 0) {
            return "--election-timeout must be >0 (set to " + electionMs + "ms)";
        }
        if (5 * tickMs > electionMs) {
            return "--election-timeout[" + electionMs + "ms] should be at least as 5 times as --heartbeat-interval["
                    + tickMs + "ms]";
        }
        if (electionMs > MAX_ELECTION_MS) {
            return "--election-timeout[" + electionMs + "ms] is too long, and should be set less than "
                    + MAX_ELECTION_MS + "ms";
        }
        return null;
    }

    private static String checkHostUrls(String flag, List<String> urls) {
        if (urls == null) {
            return null;
        }
        for (String url : urls) {
            String hostPort = GoUrls.hostPort(url);
            String why = GoUrls.splitHostPortError(hostPort);
            if (why == null && GoUrls.host(hostPort).isEmpty()) {
                why = "unexpected empty host (" + url + ")";
            }
            if (why != null) {
                return flag.equals("initial-advertise-peer-urls")
                        ? "--initial-advertise-peer-urls \"" + String.join(",", urls) + "\" must be \"host:port\" (" + why + ")"
                        : "--advertise-client-urls \"" + String.join(",", urls) + "\" must be \"host:port\" (" + why + ")";
            }
        }
        return null;
    }

    /**
     * etcd checks the retention when it starts the compactor (embed.StartEtcd):
     * {@code error parsing AutoCompactionRetention}.
     */
    private static String checkRetention(String mode, String retention) {
        try {
            retentionMillis(mode, retention);
            return null;
        } catch (IllegalArgumentException e) {
            return "invalid auto-compaction-retention \"" + retention + "\" (" + e.getMessage() + ")";
        }
    }

    /**
     * Parses {@code --auto-compaction-retention} as etcd does: in periodic mode a bare number is
     * hours, else a Go duration; in revision mode a number of revisions.
     *
     * @return milliseconds (periodic) or revisions (revision)
     */
    public static long retentionMillis(String mode, String retention) {
        if (mode.equals("revision")) {
            return Long.parseLong(retention);
        }
        try {
            return Duration.ofHours(Long.parseLong(retention)).toMillis();
        } catch (NumberFormatException e) {
            return GoValues.parseDuration(retention).toMillis();
        }
    }
}
