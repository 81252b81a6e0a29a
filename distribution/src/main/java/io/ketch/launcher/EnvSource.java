package io.ketch.launcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * etcd's {@code flags.SetFlagsFromEnv("ETCD", ...)}: each flag not set on the command line is
 * read from {@code ETCD_<NAME>} (upper case, dashes to underscores). A variable whose flag was
 * also given on the command line is fatal, as in etcd; other unknown {@code ETCD_*} variables are
 * warned about.
 */
public final class EnvSource {

    /** What applying the environment produced: lines to log at INFO and WARNING. */
    public record Outcome(List<String> used, List<String> warnings) {
    }

    /** A variable that conflicts with a command-line flag; etcd logs it as critical and exits 1. */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictException(String message) {
            super(message);
        }
    }

    private EnvSource() {
    }

    /**
     * Applies the environment to the settings parsed from the command line.
     *
     * @throws ConflictException when a variable shadows a command-line flag
     * @throws IllegalArgumentException with etcd's "invalid value" text
     */
    public static Outcome apply(Settings settings, Map<String, String> env) {
        Set<String> alreadySet = new HashSet<>();
        for (FlagSpec spec : EtcdFlags.all()) {
            if (settings.isSet(spec.name())) {
                alreadySet.add(spec.envName());
            }
        }
        List<String> used = new ArrayList<>();
        Set<String> usedKeys = new HashSet<>();
        for (FlagSpec spec : EtcdFlags.all()) {
            String key = spec.envName();
            String value = env.get(key);
            if (alreadySet.contains(key) || value == null || value.isEmpty()) {
                continue;
            }
            usedKeys.add(key);
            try {
                settings.set(spec, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "invalid value \"" + value + "\" for " + key + ": " + e.getMessage(), e);
            }
            used.add("recognized and used environment variable " + key + "=" + value);
        }
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String key = e.getKey();
            if (usedKeys.contains(key)) {
                continue;
            }
            if (alreadySet.contains(key)) {
                throw new ConflictException("conflicting environment variable \"" + key
                        + "\" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)");
            }
            if (key.startsWith("ETCD_")) {
                warnings.add("unrecognized environment variable " + key + "=" + e.getValue());
            }
        }
        return new Outcome(used, warnings);
    }
}
