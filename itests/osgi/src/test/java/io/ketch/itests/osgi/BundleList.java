package io.ketch.itests.osgi;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bundles a test installs, read from the OSGi feature files of module ketch-features (the
 * single source of truth for what a role runs) and turned into URLs. Runs outside the container,
 * in the pax-exam {@code @Configuration} method.
 *
 * <p>A bundle's jar is taken from {@code bundle-paths.txt} (written by maven-dependency-plugin for
 * this module's test dependencies): in a reactor build that is the freshly built
 * {@code target/*.jar} of a Ketch module rather than whatever copy ~/.m2 holds. A coordinate that
 * is not among the dependencies falls back to an {@code mvn:} URL that pax-url-aether resolves.
 */
final class BundleList {
    /** What a member role runs, in start order (the storage-memory feature is swapped in later). */
    static final List<String> MEMBER_FEATURES = List.of("core", "storage-mvstore", "raft", "server", "v3-grpc");

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

    private BundleList() {
    }

    /** One bundle: its Maven coordinate ({@code g:a[:type[:classifier]]:v}) and its start order. */
    record Entry(String coordinate, int startOrder) {
        String groupArtifact() {
            String[] p = coordinate.split(":");
            return p[0] + ":" + p[1] + (p.length == 5 ? ":" + p[3] : "");
        }

        String version() {
            String[] p = coordinate.split(":");
            return p[p.length - 1];
        }

        String mvnUrl() {
            String[] p = coordinate.split(":");
            return switch (p.length) {
                case 3 -> "mvn:" + p[0] + "/" + p[1] + "/" + p[2];
                case 4 -> "mvn:" + p[0] + "/" + p[1] + "/" + p[3] + "/" + p[2];
                case 5 -> "mvn:" + p[0] + "/" + p[1] + "/" + p[4] + "/" + p[2] + "/" + p[3];
                default -> throw new IllegalArgumentException("not a bundle coordinate: " + coordinate);
            };
        }
    }

    /** The bundles of the named features, each once, in feature order. */
    static List<Entry> features(List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            for (Entry entry : readFeature(name)) {
                if (seen.add(entry.coordinate())) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** The URL to install a bundle from: its jar from the build if known, else an mvn: URL. */
    static String url(Entry entry) {
        String path = jarPaths().get(entry.groupArtifact() + ":" + entry.version());
        return path != null ? Path.of(path).toUri().toString() : entry.mvnUrl();
    }

    /** The jar of a dependency of this module, by {@code groupId:artifactId}. */
    static Path jar(String groupArtifact) {
        return jarPaths().entrySet().stream()
                .filter(e -> e.getKey().startsWith(groupArtifact + ":"))
                .map(e -> Path.of(e.getValue()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(groupArtifact + " is not a test dependency"));
    }

    private static List<Entry> readFeature(String name) {
        try (Reader reader = openFeature(name)) {
            JsonObject feature = JsonParser.parseReader(reader).getAsJsonObject();
            List<Entry> entries = new ArrayList<>();
            for (JsonElement bundle : feature.getAsJsonArray("bundles")) {
                if (bundle.isJsonPrimitive()) {
                    entries.add(new Entry(bundle.getAsString(), 0));
                } else {
                    JsonObject object = bundle.getAsJsonObject();
                    int order = object.has("start-order") ? object.get("start-order").getAsInt() : 0;
                    entries.add(new Entry(object.get("id").getAsString(), order));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read feature " + name, e);
        }
    }

    /** features/NAME.json from the ketch-features jar if on the class path, else from its sources. */
    private static Reader openFeature(String name) throws IOException {
        InputStream packaged = BundleList.class.getClassLoader().getResourceAsStream("features/" + name + ".json");
        if (packaged != null) {
            return new InputStreamReader(packaged, StandardCharsets.UTF_8);
        }
        Path file = Path.of(System.getProperty("ketch.features.dir", "../../features/src/main/features"), name + ".json");
        return Files.newBufferedReader(file);
    }

    /** {@code g:a[:classifier]:v} -> jar path, parsed from {@code mvn dependency:list} output. */
    private static Map<String, String> jarPaths() {
        Map<String, String> paths = new HashMap<>();
        Path list = Path.of(System.getProperty("ketch.bundle.paths", "target/bundle-paths.txt"));
        try {
            for (String raw : Files.readAllLines(list)) {
                String line = ANSI.matcher(raw).replaceAll("").trim();
                int module = line.indexOf(" -- module");
                if (module >= 0) {
                    line = line.substring(0, module);
                }
                String[] p = line.split(":");
                // g:a:type:v:scope:path or g:a:type:classifier:v:scope:path
                if (p.length == 6) {
                    paths.put(p[0] + ":" + p[1] + ":" + p[3], p[5]);
                } else if (p.length == 7) {
                    paths.put(p[0] + ":" + p[1] + ":" + p[3] + ":" + p[4], p[6]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + list + " (run through Maven)", e);
        }
        return paths;
    }
}
