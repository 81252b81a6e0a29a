package io.ketch.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The typed value of every flag (defaults first), which of them were set explicitly, and the
 * positional arguments left after the flags.
 */
public final class Settings {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> explicit = new LinkedHashSet<>();
    private final List<String> positional = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** @return settings holding every flag's default */
    public static Settings defaults() {
        Settings settings = new Settings();
        for (FlagSpec spec : EtcdFlags.all()) {
            settings.values.put(spec.name(), defaultOf(spec));
        }
        return settings;
    }

    /** @return the typed default of a flag */
    public static Object defaultOf(FlagSpec spec) {
        if (spec.type() == FlagType.IGNORED) {
            return null;
        }
        if (spec.type() == FlagType.URLS && spec.defaultValue().isEmpty()) {
            return List.of();
        }
        return GoValues.parse(spec, spec.defaultValue());
    }

    /** Sets a flag from its raw string, as {@code flag.Set} does; records it as explicitly set. */
    public void set(FlagSpec spec, String raw) {
        if (spec.type() == FlagType.IGNORED) {
            warnings.add("flag \"-" + spec.name() + "\" is no longer supported - ignoring.");
        } else {
            values.put(spec.name(), GoValues.parse(spec, raw));
        }
        explicit.add(spec.name());
    }

    /** Sets a flag to an already typed value (config file, derived defaults). */
    public void put(String name, Object value) {
        values.put(name, value);
    }

    /** Records a flag as explicitly set without changing it. */
    void markSet(String name) {
        explicit.add(name);
    }

    /** @return whether the flag was given on the command line, in the environment or in the config file */
    public boolean isSet(String name) {
        return explicit.contains(name);
    }

    /** @return whether the flag's value equals its default */
    public boolean isDefault(String name) {
        return Objects.equals(values.get(name), defaultOf(EtcdFlags.get(name)));
    }

    /** @return the typed value */
    public Object get(String name) {
        return values.get(name);
    }

    /** @return a STRING or SELECT flag's value */
    public String string(String name) {
        return (String) values.get(name);
    }

    /** @return a BOOL flag's value */
    public boolean bool(String name) {
        return (Boolean) values.get(name);
    }

    /** @return an integer flag's value */
    public long number(String name) {
        return (Long) values.get(name);
    }

    /** @return a DURATION flag's value */
    public Duration duration(String name) {
        return (Duration) values.get(name);
    }

    /** @return a list flag's value */
    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        return (List<String>) values.get(name);
    }

    /** @return the arguments left after the flags */
    public List<String> positional() {
        return positional;
    }

    /** @return warnings to log once logging is up (ignored legacy flags) */
    public List<String> warnings() {
        return warnings;
    }
}
