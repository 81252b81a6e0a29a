package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The features (from the ketch-features jar) against this module's dependencies. */
class FeatureLayoutTest {

    private static final List<String> FEATURES = List.of("core", "storage-mvstore", "storage-memory", "raft", "server",
            "v3-grpc");

    @Test
    void everyFeatureBundleIsADependencyOfTheDistribution() throws IOException {
        Set<String> onClasspath = new HashSet<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            onClasspath.add(Path.of(entry).getFileName().toString());
        }
        for (String name : FEATURES) {
            for (Feature.BundleRef ref : Feature.load(null, name).bundles()) {
                assertTrue(onClasspath.contains(ref.fileName()), name + ": " + ref.id() + " is not a dependency");
            }
        }
    }

    @Test
    void classifiedIdMapsToClassifiedJar() {
        assertEquals("netty-transport-native-epoll-4.2.15.Final-linux-x86_64.jar",
                new Feature.BundleRef("io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.2.15.Final", 5).fileName());
    }

    @Test
    void coreHoldsTheOsgiServices() throws IOException {
        List<String> ids = Feature.load(null, "core").bundles().stream().map(Feature.BundleRef::id).toList();
        assertTrue(ids.stream().anyMatch(id -> id.startsWith("org.apache.felix:org.apache.felix.scr:")));
        assertTrue(ids.stream().anyMatch(id -> id.startsWith("org.apache.felix:org.apache.felix.configadmin:")));
        assertTrue(ids.stream().anyMatch(id -> id.startsWith("org.apache.felix:org.apache.felix.fileinstall:")));
        assertFalse(ids.stream().anyMatch(id -> id.contains("storage")));
    }
}
