package io.ketch.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * etcd's {@code --config-file}: a YAML document whose keys are embed.Config's JSON names (mostly
 * the flag names). When it is given, etcd ignores the other flags and the environment, and so do
 * we. Durations are integers of nanoseconds as Go's JSON decoding of {@code time.Duration} wants
 * (a Go duration string is accepted too); unknown keys are ignored, as Go's JSON decoding does.
 */
public final class ConfigFile {

    /** Keys that are flag names but not config-file keys in etcd (TLS is nested, below). */
    private static final Set<String> NOT_KEYS = Set.of("cert-file", "key-file", "client-cert-auth",
            "client-crl-file", "client-cert-allowed-hostname", "trusted-ca-file", "auto-tls", "peer-cert-file",
            "peer-key-file", "peer-client-cert-auth", "peer-trusted-ca-file", "peer-cert-allowed-cn",
            "peer-cert-allowed-hostname", "peer-auto-tls", "peer-crl-file", "config-file", "version",
            "experimental-peer-skip-client-san-verification");
    private static final Map<String, String> SECURITY_KEYS = Map.of("cert-file", "cert-file", "key-file",
            "key-file", "client-cert-auth", "client-cert-auth", "trusted-ca-file", "trusted-ca-file",
            "auto-tls", "auto-tls");

    private ConfigFile() {
    }

    /**
     * Loads the file onto etcd's defaults.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException for a value of the wrong type or a bad URL list
     */
    public static Settings load(Path path) throws IOException {
        Object doc;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Settings settings = Settings.defaults();
        if (doc == null) {
            return settings;
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("error unmarshaling JSON: json: cannot unmarshal "
                    + "non-object into Go value of type embed.configYAML");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (key.equals("client-transport-security") || key.equals("peer-transport-security")) {
                applySecurity(settings, key.startsWith("peer") ? "peer-" : "", value);
                continue;
            }
            FlagSpec spec = EtcdFlags.get(key);
            if (spec == null || NOT_KEYS.contains(key) || spec.type() == FlagType.IGNORED || value == null
                    || (spec.type() == FlagType.URLS && "".equals(value))) {
                continue;
            }
            apply(settings, spec, value);
        }
        return settings;
    }

    private static void applySecurity(Settings settings, String prefix, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = SECURITY_KEYS.get(String.valueOf(e.getKey()));
            if (key != null && e.getValue() != null) {
                apply(settings, EtcdFlags.get(prefix + key), e.getValue());
            }
        }
    }

    private static void apply(Settings settings, FlagSpec spec, Object value) {
        Object typed;
        try {
            typed = convert(spec, value);
        } catch (IllegalArgumentException e) {
            if (spec.type() == FlagType.URLS) {
                throw new IllegalArgumentException("unexpected error setting up " + spec.name() + ": " + e.getMessage(), e);
            }
            throw new IllegalArgumentException("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                    + value + " into Go struct field configYAML." + spec.name() + ": " + e.getMessage(), e);
        }
        settings.put(spec.name(), typed);
        settings.markSet(spec.name());
    }

    private static Object convert(FlagSpec spec, Object value) {
        switch (spec.type()) {
            case BOOL:
                if (value instanceof Boolean b) {
                    return b;
                }
                throw new IllegalArgumentException("want a boolean");
            case DURATION:
                if (value instanceof Number n) {
                    return Duration.ofNanos(n.longValue());
                }
                return GoValues.parseDuration(String.valueOf(value));
            case STRINGS:
                if (value instanceof List<?> list) {
                    List<String> out = new ArrayList<>();
                    list.forEach(v -> out.add(String.valueOf(v)));
                    return out;
                }
                return GoValues.parse(spec, String.valueOf(value));
            default:
                return GoValues.parse(spec, String.valueOf(value));
        }
    }
}
