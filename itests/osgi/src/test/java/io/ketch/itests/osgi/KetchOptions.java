package io.ketch.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.ops4j.pax.exam.Option;

/**
 * The pax-exam options every test here shares: a clean Felix, JUnit in the container, the
 * pax-url-aether settings, and the bundles of the named features.
 */
final class KetchOptions {
    private KetchOptions() {
    }

    /** A fresh framework with the bundles of {@code features} that {@code keep} accepts. */
    static Option container(String testName, List<String> features, Predicate<BundleList.Entry> keep) {
        List<BundleList.Entry> entries = BundleList.features(features).stream().filter(keep).toList();
        System.out.println("[" + testName + "] provisioning " + entries.size() + " bundles from features " + features);
        Option[] bundles = entries.stream()
                .map(e -> {
                    String url = BundleList.url(e);
                    System.out.println("[" + testName + "]   " + e.coordinate() + " <- " + url);
                    // pax-exam starts every bundle it installs; a fragment (Netty's native epoll
                    // library) cannot be started and would abort the container.
                    return isFragment(url) ? bundle(url).noStart() : bundle(url);
                })
                .toArray(Option[]::new);
        return composite(
                cleanCaches(true),
                workingDirectory(workDir().resolve("exam-" + testName).toString()),
                // pax-url-aether resolves pax-exam's own bundles (and any mvn: fallback) from ~/.m2.
                systemProperty("org.ops4j.pax.url.mvn.localRepository").value(
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                Path.of(System.getProperty("user.home"), ".m2", "repository").toString())),
                systemProperty("org.ops4j.pax.url.mvn.repositories").value(
                        System.getProperty("org.ops4j.pax.url.mvn.repositories",
                                "https://repo1.maven.org/maven2@id=central")),
                systemProperty("org.ops4j.pax.url.mvn.useFallbackRepositories").value("false"),
                // Felix's own log at "warning": resolution errors and exceptions reach the test output.
                frameworkProperty("felix.log.level").value("2"),
                junitBundles(),
                composite(bundles));
    }

    private static boolean isFragment(String url) {
        if (!url.startsWith("file:")) {
            return false;
        }
        try (JarFile jar = new JarFile(Path.of(URI.create(url)).toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }

    /** target/work: data dirs, deploy dirs and pax-exam's working directories live under it. */
    static Path workDir() {
        return Path.of(System.getProperty("ketch.work.dir", "target/work")).toAbsolutePath();
    }
}
