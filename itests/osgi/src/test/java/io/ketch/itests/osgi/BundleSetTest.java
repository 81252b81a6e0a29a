package io.ketch.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.StateMachine;
import io.ketch.spi.etcd.ClusterService;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.MaintenanceService;
import io.ketch.spi.storage.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The real member bundle set (features core, storage-mvstore, raft, server, v3-grpc) in Felix,
 * configured as a one-member cluster through Config Admin: everything starts, every SPI service
 * is registered, and the KvService serves a put and a get.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleSetTest {
    private static final List<Class<?>> SERVICES = List.of(Backend.class, StateMachine.class, Consensus.class,
            KvService.class, MaintenanceService.class, ClusterService.class);

    /** Configured once per container (the probe class lives as long as the container). */
    private static MemberConfig member;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin cm;

    @Configuration
    public Option[] config() {
        return options(KetchOptions.container("bundle-set", BundleList.MEMBER_FEATURES, e -> true));
    }

    @Before
    public void configureMember() throws Exception {
        if (member == null) {
            member = new MemberConfig("bundle-set", 27379, 27380);
            member.applyCore(cm);
            member.applyClientListener(cm);
        }
    }

    @Test
    public void everyBundleIsActive() {
        assertEquals("bundles not active" + Diagnostics.report(context), "", Diagnostics.notActive(context));
    }

    @Test
    public void everySpiServiceIsRegistered() {
        List<String> missing = new ArrayList<>();
        Duration wait = Await.STARTUP;
        for (Class<?> type : SERVICES) {
            long start = System.nanoTime();
            try {
                Await.service(context, type, null, wait);
            } catch (AssertionError e) {
                missing.add(type.getSimpleName());
            }
            // One startup budget for all of them, not one each.
            wait = wait.minusNanos(System.nanoTime() - start);
            if (wait.isNegative() || wait.isZero()) {
                wait = Duration.ofMillis(1);
            }
        }
        assertEquals("services not registered" + Diagnostics.report(context), List.of(), missing);
    }

    @Test
    public void putThenGetThroughKvService() throws Exception {
        Await.service(context, KvService.class, null, Await.STARTUP);
        try (Kv kv = new Kv(context)) {
            kv.put("bundle-set/hello", "world");
            assertEquals(Optional.of("world"), kv.get("bundle-set/hello", false));
        }
    }
}
