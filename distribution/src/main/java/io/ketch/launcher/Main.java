package io.ketch.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/ketch}: etcd 3.4's command line in front of an embedded Felix. Reads flags,
 * {@code ETCD_*} variables or a config file exactly as etcd does, validates them with etcd's
 * messages, refuses what Ketch cannot honour yet, then starts the member's features and hands
 * them their configurations.
 */
public final class Main {

    /** The etcd API level Ketch implements (what clients see as the server version). */
    public static final String ETCD_API_VERSION = "3.4.23";

    private Main() {
    }

    /** Entry point; exits with etcd's exit codes (0, 1 for a bad configuration, 2 for bad flags). */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", KetchLogManager.class.getName());
        }
        Logging.defaults();
        System.exit(run(Arrays.asList(args), System.getenv(), home()));
    }

    /**
     * Runs the command; returns when it is done (for the server: when the framework stopped).
     *
     * @return the exit code
     */
    static int run(List<String> args, Map<String, String> env, Path home) {
        if (!args.isEmpty() && args.get(0).equals("benchmark")) {
            return benchmark(args.subList(1, args.size()));
        }
        if (!args.isEmpty() && args.get(0).equals("snapshot")) {
            return io.ketch.launcher.snapshot.SnapshotCommand.run(args.subList(1, args.size()), System.out, System.err);
        }
        if (!args.isEmpty() && (args.get(0).equals("gateway") || args.get(0).equals("grpc-proxy"))) {
            System.err.println("ketch: " + args.get(0) + " is not supported yet");
            return 1;
        }
        Settings settings;
        try {
            settings = FlagParser.parse(args);
        } catch (UsageException e) {
            System.err.print(e.getMessage() + "\n" + HelpText.usage());
            return 2;
        } catch (HelpRequested e) {
            System.err.print(HelpText.usage());
            System.out.println(HelpText.flags());
            return 0;
        }
        if (!settings.positional().isEmpty()) {
            return flagError("'" + settings.positional().get(0) + "' is not a valid flag");
        }
        if (settings.bool("version")) {
            System.out.print(versionText());
            return 0;
        }
        settings = resolve(settings, env);
        if (settings == null) {
            return 1;
        }
        List<String> refused = ConfigMapper.refused(settings);
        if (!refused.isEmpty()) {
            refused.forEach(flag -> System.err.println("ketch: --" + flag + " is not supported yet"));
            return 1;
        }
        return new MemberLauncher(settings, home).run();
    }

    /** Applies config file or environment, logging setup and validation; null after an error was logged. */
    static Settings resolve(Settings fromFlags, Map<String, String> env) {
        Settings settings = fromFlags;
        String configFile = settings.string("config-file");
        if (configFile.isEmpty()) {
            configFile = env.getOrDefault("ETCD_CONFIG_FILE", "");
        }
        try {
            if (!configFile.isEmpty()) {
                settings = ConfigFile.load(Path.of(configFile));
                Validation.applyConfigFileRules(settings);
                log("etcdmain", Level.INFO, "Loading server configuration from \"" + configFile
                        + "\". Other configuration command line flags and environment variables will be ignored if provided.");
            } else {
                EnvSource.Outcome outcome = EnvSource.apply(settings, env);
                outcome.used().forEach(line -> log("pkg/flags", Level.INFO, line));
                outcome.warnings().forEach(line -> log("pkg/flags", Level.WARNING, line));
                Validation.applyCommandLineRules(settings);
            }
        } catch (EnvSource.ConflictException e) {
            log("pkg/flags", CapnslogFormatter.CRITICAL, e.getMessage());
            return null;
        } catch (IOException e) {
            flagError("open " + configFile + ": " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            flagError(e.getMessage());
            return null;
        }
        settings.warnings().forEach(line -> log("pkg/flags", Level.WARNING, line));
        String error = Logging.configure(settings);
        if (error == null) {
            error = Validation.validate(settings);
        }
        if (error != null) {
            flagError(error);
            if (error.equals(Validation.UNSET_ADVERTISE_CLIENT_URLS)) {
                log("etcdmain", Level.SEVERE, "When listening on specific address(es), this etcd process must "
                        + "advertise accessible url(s) to each connected client.");
            }
            return null;
        }
        return settings;
    }

    private static int flagError(String message) {
        log("etcdmain", Level.SEVERE, "error verifying flags, " + message + ". See 'etcd --help'.");
        return 1;
    }

    static void log(String logger, Level level, String message) {
        Logger.getLogger(logger).log(level, message);
    }

    /** @return the {@code --version} text */
    static String versionText() {
        Properties build = build();
        return "ketch Version: " + build.getProperty("version") + "\n"
                + "etcd API Version: " + ETCD_API_VERSION + "\n"
                + "Git SHA: " + build.getProperty("gitSha") + "\n"
                + "Java Version: " + System.getProperty("java.version") + "\n"
                + "Java OS/Arch: " + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
                + System.getProperty("os.arch") + "\n";
    }

    /** @return version and git SHA, filled in by the build */
    static Properties build() {
        Properties props = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to the defaults below
        }
        if (props.getProperty("version", "").isEmpty() || props.getProperty("version").startsWith("${")) {
            props.setProperty("version", "0.1.0-SNAPSHOT");
        }
        if (props.getProperty("gitSha", "").isEmpty() || props.getProperty("gitSha").startsWith("${")) {
            props.setProperty("gitSha", "Not provided");
        }
        return props;
    }

    /**
     * {@code ketch benchmark ...}: etcd's benchmark tool, from lib/ (tools/benchmark). Called by
     * reflection so the launcher compiles and runs without it.
     */
    static int benchmark(List<String> args) {
        try {
            Class<?> tool = Class.forName("io.ketch.benchmark.BenchmarkMain");
            Object rc = tool.getMethod("run", String[].class, java.io.PrintStream.class, java.io.PrintStream.class)
                    .invoke(null, args.toArray(new String[0]), System.out, System.err);
            return (Integer) rc;
        } catch (ClassNotFoundException e) {
            System.err.println("ketch: benchmark is not installed (no ketch-benchmark jar in lib/)");
            return 1;
        } catch (java.lang.reflect.InvocationTargetException e) {
            System.err.println("ketch: benchmark failed: " + e.getCause());
            return 1;
        } catch (ReflectiveOperationException e) {
            System.err.println("ketch: benchmark cannot be started: " + e);
            return 1;
        }
    }

    /** @return the distribution's home: {@code -Dketch.home}, else the parent of the launcher jar's lib/ */
    static Path home() {
        String prop = System.getProperty("ketch.home");
        if (prop != null && !prop.isEmpty()) {
            return Path.of(prop).toAbsolutePath();
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = Files.isDirectory(jar) ? jar : jar.getParent();
            return lib.getParent().toAbsolutePath();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of(".").toAbsolutePath();
        }
    }
}
