package io.ketch.itests.osgi;

import io.ketch.spi.etcd.KvService;
import io.ketch.spi.storage.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A backend swap under load, run once per container; the test methods then each assert one thing
 * about its outcome. Steps: the member comes up on mvstore; client threads put keys (through the
 * KvService, and through gRPC when v3-grpc serves the client port) and record what was
 * acknowledged; {@code swap} brings in the memory backend ranked higher; the server must move to
 * it; storage-mvstore is stopped; the clients keep writing a little; then every acknowledged key
 * is read back.
 */
final class SwapScenario {
    /** Brings the memory backend in with a higher ranking (Config Admin, or a file in deploy/). */
    @FunctionalInterface
    interface Swap {
        void run() throws Exception;
    }

    private static final Duration MIGRATION = Duration.ofSeconds(60);
    private static final int BATCH = 50;

    final long seed = System.nanoTime();
    String backendBefore;
    String backendAfter;
    Map<String, String> acked = new HashMap<>();
    List<String> writeFailures = new ArrayList<>();
    List<String> tallies = new ArrayList<>();
    /** Acknowledged keys missing or with another value: key -> what the read returned. */
    Map<String, String> lostSerializable = new HashMap<>();
    Map<String, String> lostLinearizable = new HashMap<>();

    /** Runs the scenario; the member must already be configured. */
    void run(BundleContext context, MemberConfig member, Swap swap) throws Exception {
        Await.service(context, KvService.class, null, Await.STARTUP);
        Await.until(context, "server bound to mvstore", Await.STARTUP,
                () -> "mvstore".equals(BackendInUse.name(context)), () -> BackendInUse.name(context));
        backendBefore = BackendInUse.name(context);
        try (Kv kv = new Kv(context)) {
            List<AckedWriter> writers = startWriters(context, kv, member);
            try {
                awaitMorePuts(context, writers);
                swap.run();
                Await.service(context, Backend.class, "(service.ranking=10)", MIGRATION);
                Await.until(context, "server bound to memory", MIGRATION,
                        () -> "memory".equals(BackendInUse.name(context)), () -> BackendInUse.name(context));
                awaitMorePuts(context, writers);
                bundle(context, "io.ketch.storage.mvstore").stop();
                awaitMorePuts(context, writers);
            } finally {
                for (AckedWriter writer : writers) {
                    writer.close();
                    acked.putAll(writer.acked());
                    writeFailures.addAll(writer.failures());
                    tallies.add(writer.tally());
                }
            }
            backendAfter = BackendInUse.name(context);
            readBack(kv);
        }
        System.out.println("[swap] " + summary());
    }

    private List<AckedWriter> startWriters(BundleContext context, Kv kv, MemberConfig member) {
        List<AckedWriter> writers = new ArrayList<>();
        writers.add(new AckedWriter("swap/kv/", seed, kv::put, null));
        if (isActive(context, "io.ketch.v3.grpc")) {
            // The gRPC path is what etcdctl uses; a failed connect only shows up as failed puts.
            try {
                GrpcKv grpc = new GrpcKv(member.clientPort);
                writers.add(new AckedWriter("swap/grpc/", seed, grpc::put, grpc));
            } catch (LinkageError | RuntimeException e) {
                System.out.println("[swap] no gRPC writer: " + e);
            }
        }
        return writers;
    }

    /** Waits until the KvService writer got another batch acknowledged. */
    private static void awaitMorePuts(BundleContext context, List<AckedWriter> writers) {
        AckedWriter writer = writers.get(0);
        int target = writer.ackedCount() + BATCH;
        Await.until(context, target + " acknowledged puts", MIGRATION,
                () -> writer.ackedCount() >= target,
                () -> writer.ackedCount() + " acknowledged, failures " + writer.failures().stream().limit(3).toList());
    }

    private void readBack(Kv kv) throws Exception {
        for (Map.Entry<String, String> entry : acked.entrySet()) {
            Optional<String> serializable = kv.get(entry.getKey(), true);
            if (!serializable.equals(Optional.of(entry.getValue()))) {
                lostSerializable.put(entry.getKey(), serializable.orElse("<absent>"));
            }
            Optional<String> linearizable = kv.get(entry.getKey(), false);
            if (!linearizable.equals(Optional.of(entry.getValue()))) {
                lostLinearizable.put(entry.getKey(), linearizable.orElse("<absent>"));
            }
        }
    }

    /** A line for assertion messages: the seed and what happened. */
    String summary() {
        return String.format("seed %d, backend %s -> %s, %s (first failures: %s)", seed,
                backendBefore, backendAfter, tallies, writeFailures.stream().limit(3).toList());
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " not installed" + Diagnostics.report(context));
    }

    private static boolean isActive(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle.getState() == Bundle.ACTIVE;
            }
        }
        return false;
    }
}
