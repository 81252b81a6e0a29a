package io.ketch.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One OSGi Feature file (features/*.json): its id and its bundles with their start order.
 *
 * @param id the feature id
 * @param bundles the bundles, in file order
 */
public record Feature(String id, List<BundleRef> bundles) {

    /**
     * A bundle of a feature, named by Maven coordinates {@code g:a[:type[:classifier]]:v}.
     *
     * @param id the coordinates
     * @param startOrder the feature's start order
     */
    public record BundleRef(String id, int startOrder) {

        /** @return the jar's file name in the distribution's bundles/ directory */
        public String fileName() {
            String[] p = id.split(":");
            String artifact = p[1];
            String version = p[p.length - 1];
            String classifier = p.length == 5 ? "-" + p[3] : "";
            String type = p.length >= 4 ? p[2] : "jar";
            return artifact + "-" + version + classifier + "." + type;
        }
    }

    /** Reads {@code <dir>/<name>.json}, or {@code features/<name>.json} from the classpath when dir is null. */
    public static Feature load(Path dir, String name) throws IOException {
        if (dir != null && Files.isRegularFile(dir.resolve(name + ".json"))) {
            try (Reader reader = Files.newBufferedReader(dir.resolve(name + ".json"), StandardCharsets.UTF_8)) {
                return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader));
            }
        }
        try (InputStream in = Feature.class.getClassLoader().getResourceAsStream("features/" + name + ".json")) {
            if (in == null) {
                throw new IOException("feature " + name + " not found in " + dir + " nor on the classpath");
            }
            return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        }
    }

    private static Feature parse(Object doc) {
        Map<?, ?> map = (Map<?, ?>) doc;
        List<BundleRef> bundles = new ArrayList<>();
        for (Object o : (List<?>) map.get("bundles")) {
            Map<?, ?> b = (Map<?, ?>) o;
            Object order = b.get("start-order");
            bundles.add(new BundleRef((String) b.get("id"), order == null ? 1 : ((Number) order).intValue()));
        }
        return new Feature((String) map.get("id"), bundles);
    }
}
