package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.MaintenanceGrpc;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.StatusRequest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The v3-grpc bundle in a real Felix with SCR, Config Admin and the gRPC runtime bundle set: the
 * component activates from its configuration, and a gRPC client and an HTTP client reach it on one
 * port. The SPI services are proxies registered by the test, answering default messages built with
 * the proto bundle's own classes. The epoll bundle and its native fragment are installed too.
 */
class V3GrpcInFelixIT {
    @TempDir
    static Path storage;

    private static Framework framework;
    private static int port;

    @BeforeAll
    static void boot() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String jar : System.getProperty("ketch.bundles").split(",")) {
            bundles.add(context.installBundle(Path.of(jar.trim()).toUri().toString()));
        }
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        Bundle spi = bundle("io.ketch.spi");
        for (String service : List.of("KvService", "MaintenanceService", "ClusterService")) {
            Class<?> type = spi.loadClass("io.ketch.spi.etcd." + service);
            context.registerService(type.getName(), fake(type), null);
        }
        port = freePort();
        configure("io.ketch.v3grpc", "listenClientUrls", new String[] {"http://127.0.0.1:" + port});
        awaitListening(port);
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    void componentBundleIsActive() {
        assertEquals(Bundle.ACTIVE, bundle("io.ketch.v3.grpc").getState());
    }

    @Test
    void epollBundleIsWiredAndItsNativeLibraryLoads() throws Exception {
        Bundle v3 = bundle("io.ketch.v3.grpc");
        boolean wired = v3.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .anyMatch(w -> "io.netty.channel.epoll".equals(w.getCapability().getAttributes().get("osgi.wiring.package")));
        assertTrue(wired, "io.netty.channel.epoll not wired to the v3-grpc bundle");
        Class<?> epoll = bundle("io.netty.transport-classes-epoll").loadClass("io.netty.channel.epoll.Epoll");
        assertEquals(Boolean.TRUE, epoll.getMethod("isAvailable").invoke(null),
                String.valueOf(epoll.getMethod("unavailabilityCause").invoke(null)));
    }

    @Test
    void grpcCallsReachTheRegisteredServices() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            assertEquals(0, KVGrpc.newBlockingStub(channel)
                    .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build()).getCount());
            assertEquals(1, MaintenanceGrpc.newBlockingStub(channel)
                    .status(StatusRequest.getDefaultInstance()).getLeader());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void httpOnTheSamePortAnswersHealth() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("{\"health\":\"true\"}", response.body());
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle not installed: " + symbolicName);
    }

    /** Every future-returning method answers its response type's default message; status has a leader. */
    private static Object fake(Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals") ? proxy == args[0]
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "fake " + type;
            }
            Class<?> response = (Class<?>) ((ParameterizedType) method.getGenericReturnType())
                    .getActualTypeArguments()[0];
            Object builder = response.getMethod("newBuilder").invoke(null);
            if (method.getName().equals("status")) {
                builder.getClass().getMethod("setLeader", long.class).invoke(builder, 1L);
            }
            return CompletableFuture.completedFuture(builder.getClass().getMethod("build").invoke(builder));
        });
    }

    private static void configure(String pid, String key, Object value) throws Exception {
        // getAll: the test's class path carries its own org.osgi.service.cm, so the assignability
        // check of getServiceReference would hide the bundle's service from the system bundle.
        ServiceReference<?> ref = framework.getBundleContext()
                .getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null)[0];
        Object admin = framework.getBundleContext().getService(ref);
        Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, pid, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        Method update = ref.getBundle().loadClass("org.osgi.service.cm.Configuration")
                .getMethod("update", Dictionary.class);
        update.invoke(configuration, properties);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Config Admin and SCR activate asynchronously; the open port is the signal. */
    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the listener never opened 127.0.0.1:" + port);
    }
}
