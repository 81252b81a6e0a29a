package io.ketch.grpc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Boots the merged gRPC bundle with the real Netty, protobuf, guava and gson bundles in an embedded
 * Felix: everything must resolve and start, and grpc's ServiceLoader registries must see the Netty
 * transport from inside the bundle. The bundle list comes from the pom ({@code ketch.bundles}).
 */
class GrpcRuntimeInFelixIT {
    @TempDir
    static Path storage;

    private static Framework framework;
    private static final List<Bundle> installed = new ArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(config);
        framework.start();
        for (String jar : System.getProperty("ketch.bundles").split(",")) {
            Path path = Path.of(jar.trim());
            assertTrue(Files.isRegularFile(path), "bundle jar missing: " + path);
            installed.add(framework.getBundleContext().installBundle(path.toUri().toString()));
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    void everyBundleIsActive() {
        String notActive = installed.stream()
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " state " + b.getState())
                .collect(Collectors.joining(", "));
        assertEquals("", notActive);
    }

    @Test
    void serverProviderFindsNettyThroughTheBundle() throws Exception {
        Bundle grpc = grpcBundle();
        Class<?> providerType = grpc.loadClass("io.grpc.ServerProvider");
        ClassLoader loader = grpc.adapt(BundleWiring.class).getClassLoader();
        List<String> found = ServiceLoader.load(providerType, loader).stream()
                .map(p -> p.type().getName()).collect(Collectors.toList());
        assertTrue(found.contains("io.grpc.netty.NettyServerProvider"), "providers: " + found);
        Object provider = providerType.getMethod("provider").invoke(null);
        assertEquals("io.grpc.netty.NettyServerProvider", provider.getClass().getName());
    }

    @Test
    void mergedRegistriesKeepProvidersOfEveryEmbeddedJar() throws Exception {
        Bundle grpc = grpcBundle();
        Class<?> registry = grpc.loadClass("io.grpc.LoadBalancerRegistry");
        Object instance = registry.getMethod("getDefaultRegistry").invoke(null);
        Method get = registry.getMethod("getProvider", String.class);
        // pick_first lives in grpc-core, round_robin in grpc-util: both files were merged.
        assertTrue(get.invoke(instance, "pick_first") != null, "pick_first missing");
        assertTrue(get.invoke(instance, "round_robin") != null, "round_robin missing");
    }

    @Test
    void nettyServerStartsInsideTheFramework() throws Exception {
        Class<?> builderType = grpcBundle().loadClass("io.grpc.ServerBuilder");
        Object builder = builderType.getMethod("forPort", int.class).invoke(null, 0);
        Object server = builderType.getMethod("build").invoke(builder);
        Class<?> serverType = grpcBundle().loadClass("io.grpc.Server");
        serverType.getMethod("start").invoke(server);
        try {
            int port = (int) serverType.getMethod("getPort").invoke(server);
            assertTrue(port > 0, "bound port " + port);
        } finally {
            serverType.getMethod("shutdownNow").invoke(server);
        }
    }

    private static Bundle grpcBundle() {
        return installed.stream().filter(b -> "io.ketch.grpc.runtime".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
    }
}
