package io.ketch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import org.osgi.framework.BundleException;

/**
 * Starts a member from validated settings: etcd's start-up lines, the data dir and bootstrap
 * checks, then the container; blocks until it stops. SIGTERM and SIGINT stop it with etcd's
 * words and exit 0.
 */
final class MemberLauncher {

    private final Settings settings;
    private final Path home;

    MemberLauncher(Settings settings, Path home) {
        this.settings = settings;
        this.home = home;
    }

    int run() {
        logVersion();
        String dirWarning = Bootstrap.applyDefaults(settings);
        if (dirWarning != null) {
            Main.log("etcdmain", Level.WARNING, dirWarning);
        }
        Path dataDir = Path.of(settings.string("data-dir"));
        if (Files.isDirectory(dataDir.resolve("proxy"))) {
            System.err.println("ketch: --proxy is not supported yet (" + dataDir + " holds a v2 proxy)");
            return 1;
        }
        if (Files.isDirectory(dataDir.resolve("member"))) {
            Main.log("etcdmain", CapnslogFormatter.NOTICE,
                    "the server is already initialized as member before, starting as etcd member...");
        }
        boolean haveWal = Bootstrap.hasWal(dataDir);
        logEmbed(dataDir, haveWal);
        String error = prepare(dataDir, haveWal);
        if (error != null) {
            Main.log("etcdmain", CapnslogFormatter.CRITICAL, error);
            return 1;
        }
        return serve();
    }

    /** @return etcd's fatal message, or null */
    private String prepare(Path dataDir, boolean haveWal) {
        try {
            String warning = Bootstrap.touchDataDir(dataDir);
            if (warning != null) {
                Main.log("pkg/fileutil", Level.WARNING, warning);
            }
        } catch (IOException e) {
            return e.getMessage();
        }
        return haveWal ? null : Bootstrap.verifyCluster(settings);
    }

    private int serve() {
        Container container;
        try {
            Files.createDirectories(home.resolve("deploy"));
            List<Feature> features = new ArrayList<>();
            for (String name : ConfigMapper.features(settings)) {
                features.add(Feature.load(home.resolve("features"), name));
            }
            Map<String, Map<String, Object>> configs = ConfigMapper.map(settings);
            container = Container.start(home, features, configs);
        } catch (IOException | BundleException e) {
            Main.log("ketch", CapnslogFormatter.CRITICAL, "could not start the container: " + e.getMessage());
            return 1;
        }
        Signals.install(container);
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "ketch-shutdown"));
        try {
            container.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        container.stop();
        return 0;
    }

    private void logVersion() {
        Main.log("etcdmain", Level.INFO, "ketch Version: " + Main.build().getProperty("version"));
        Main.log("etcdmain", Level.INFO, "etcd API Version: " + Main.ETCD_API_VERSION);
        Main.log("etcdmain", Level.INFO, "Git SHA: " + Main.build().getProperty("gitSha"));
        Main.log("etcdmain", Level.INFO, "Java Version: " + System.getProperty("java.version"));
        int cpus = Runtime.getRuntime().availableProcessors();
        Main.log("etcdmain", Level.INFO, "setting maximum number of CPUs to " + cpus
                + ", total number of available CPUs is " + cpus);
    }

    private void logEmbed(Path dataDir, boolean haveWal) {
        Main.log("embed", Level.INFO, "name = " + settings.string("name"));
        if (settings.bool("force-new-cluster")) {
            Main.log("embed", Level.INFO, "force new cluster");
        }
        Main.log("embed", Level.INFO, "data dir = " + dataDir);
        Main.log("embed", Level.INFO, "member dir = " + dataDir.resolve("member"));
        Main.log("embed", Level.INFO, "heartbeat = " + settings.number("heartbeat-interval") + "ms");
        long ticks = settings.number("election-timeout") / settings.number("heartbeat-interval");
        Main.log("embed", Level.INFO, "election = " + ticks * settings.number("heartbeat-interval") + "ms");
        Main.log("embed", Level.INFO, "snapshot count = " + settings.number("snapshot-count"));
        Main.log("embed", Level.INFO, "advertise client URLs = " + String.join(",", settings.list("advertise-client-urls")));
        if (!haveWal) {
            Main.log("embed", Level.INFO, "initial advertise peer URLs = "
                    + String.join(",", settings.list("initial-advertise-peer-urls")));
            Main.log("embed", Level.INFO, "initial cluster = " + sortedCluster());
        }
        // The bundles log "listening for peers on" / "serving ... client requests on" when they bind.
        Main.log("embed", Level.INFO, "listen peer URLs = " + String.join(",", settings.list("listen-peer-urls")));
        Main.log("embed", Level.INFO, "listen client URLs = " + String.join(",", settings.list("listen-client-urls")));
    }

    private String sortedCluster() {
        try {
            TreeSet<String> pairs = new TreeSet<>();
            Bootstrap.parseCluster(settings.string("initial-cluster")).forEach((k, v) -> v.forEach(u -> pairs.add(k + "=" + u)));
            return String.join(",", pairs);
        } catch (IllegalArgumentException e) {
            return settings.string("initial-cluster");
        }
    }
}
