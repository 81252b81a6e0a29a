package io.ketch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Embedded Felix: framework storage in a fresh temporary directory (removed on stop) so several
 * processes can run from one distribution; the features' bundles installed and started in one
 * pass; the configurations handed to Config Admin; FileInstall watching deploy/.
 */
public final class Container {

    private static final Logger LOG = Logger.getLogger("ketch");
    /** The Config Admin API version on the launcher's classpath, exported by the system bundle. */
    private static final String CM_EXPORT = "org.osgi.service.cm;version=1.6.1";

    private static final String STORAGE_PREFIX = "ketch-felix-";
    private static final String PID_FILE = "ketch.pid";

    private final Framework framework;
    private final Path storage;
    private volatile boolean stopped;

    private Container(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    /**
     * Boots the framework with the features' bundles and creates the configurations.
     *
     * @throws BundleException when a bundle does not install or resolve (the message is Felix's)
     */
    public static Container start(Path home, List<Feature> features, Map<String, Map<String, Object>> configs)
            throws IOException, BundleException {
        sweepStale(Path.of(System.getProperty("java.io.tmpdir")));
        Path storage = Files.createTempDirectory(STORAGE_PREFIX);
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, CM_EXPORT);
        props.put(Constants.FRAMEWORK_BOOTDELEGATION, "sun.*,com.sun.*");
        props.put("felix.fileinstall.dir", home.resolve("deploy").toString());
        props.put("felix.fileinstall.poll", "1000");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "2");
        Map<String, Object> config = new HashMap<>(props);
        config.put("felix.log.logger", new FelixLog());
        config.put("felix.log.level", "2");
        Framework framework = new FrameworkFactory().newFramework(config);
        Container container = new Container(framework, storage);
        try {
            framework.init();
            // After init: Felix cleans the storage directory on first init.
            Files.writeString(storage.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
            List<Bundle> bundles = install(framework.getBundleContext(), home.resolve("bundles"), features);
            framework.start();
            for (Bundle bundle : bundles) {
                if ((bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                    bundle.start();
                }
            }
            logStates(framework.getBundleContext());
            configure(framework.getBundleContext(), configs);
        } catch (IOException | BundleException | RuntimeException e) {
            container.stop();
            throw e;
        }
        return container;
    }

    private static List<Bundle> install(BundleContext context, Path dir, List<Feature> features)
            throws BundleException {
        List<Feature.BundleRef> refs = new ArrayList<>();
        features.forEach(f -> refs.addAll(f.bundles()));
        refs.sort(Comparator.comparingInt(Feature.BundleRef::startOrder));
        List<Bundle> bundles = new ArrayList<>();
        for (Feature.BundleRef ref : refs) {
            Path jar = dir.resolve(ref.fileName());
            if (!Files.isRegularFile(jar)) {
                throw new BundleException("bundle " + ref.id() + " is missing: no " + jar);
            }
            // reference: leaves the jar where it is instead of copying it into the cache: faster start.
            bundles.add(context.installBundle("reference:" + jar.toUri()));
        }
        return bundles;
    }

    private static void logStates(BundleContext context) {
        if (!LOG.isLoggable(Level.FINE)) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            LOG.fine("bundle " + b.getBundleId() + " " + b.getSymbolicName() + " " + b.getVersion() + " "
                    + state(b.getState()));
        }
    }

    private static String state(int state) {
        switch (state) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "UNINSTALLED";
        }
    }

    private static void configure(BundleContext context, Map<String, Map<String, Object>> configs) throws IOException {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        if (ref == null) {
            throw new IOException("Config Admin is not registered");
        }
        ConfigurationAdmin admin = context.getService(ref);
        for (Map.Entry<String, Map<String, Object>> pid : configs.entrySet()) {
            Configuration configuration = admin.getConfiguration(pid.getKey(), "?");
            Dictionary<String, Object> dict = new Hashtable<>(pid.getValue());
            configuration.update(dict);
            LOG.fine("configured " + pid.getKey() + " " + render(pid.getValue()));
        }
        context.ungetService(ref);
    }

    private static String render(Map<String, Object> props) {
        StringBuilder out = new StringBuilder("{");
        props.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append('=')
                .append(v instanceof String[] a ? java.util.Arrays.toString(a) : String.valueOf(v)));
        return out.append('}').toString();
    }

    /** Blocks until the framework stops (a bundle stopped it, or {@link #stop()}). */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework (components deactivate) and removes its storage; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
        } catch (BundleException | InterruptedException e) {
            LOG.log(Level.WARNING, "stopping the framework failed", e);
        }
        deleteTree(storage);
    }

    /**
     * Removes framework storage left by ketch processes that are gone (kill -9, power loss): a
     * directory whose pid file names a process that no longer runs.
     */
    static void sweepStale(Path tmp) {
        try (var dirs = Files.newDirectoryStream(tmp, STORAGE_PREFIX + "*")) {
            for (Path dir : dirs) {
                Path pidFile = dir.resolve(PID_FILE);
                if (!Files.isRegularFile(pidFile)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                deleteTree(dir);
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine("could not sweep stale framework storage: " + e);
        }
    }

    /** Felix may still be writing bundle state as it stops, so try a few times. */
    static void deleteTree(Path root) {
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try (var paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                LOG.fine("retrying removal of " + root + ": " + e);
            }
            if (Files.exists(root)) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Felix's own log lines go to JUL logger {@code felix}. */
    private static final class FelixLog extends org.apache.felix.framework.Logger {
        private static final Logger FELIX = Logger.getLogger("felix");

        @Override
        protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
            Level jul = level <= 1 ? Level.SEVERE : level == 2 ? Level.WARNING : level == 3 ? Level.INFO : Level.FINE;
            String where = bundle == null ? "" : bundle.getSymbolicName() + ": ";
            FELIX.log(jul, where + msg, throwable);
        }
    }
}
