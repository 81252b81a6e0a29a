package io.ketch.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Swapping the backend at run time through Config Admin: with the member writing on mvstore,
 * configuring {@code io.ketch.storage.memory} with {@code service.ranking=10} makes the server
 * migrate to the memory backend; storage-mvstore is then stopped. No acknowledged put may be lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackendSwapTest {
    /** Run once per container; each test asserts one thing about it. */
    private static SwapScenario scenario;
    private static Throwable scenarioFailure;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin cm;

    @Configuration
    public Option[] config() throws Exception {
        List<String> features = new ArrayList<>(BundleList.MEMBER_FEATURES);
        features.add("storage-memory");
        return options(KetchOptions.container("backend-swap", features, e -> true),
                // FileInstall is in the core feature: keep it off the working directory.
                frameworkProperty("felix.fileinstall.dir").value(
                        Files.createDirectories(KetchOptions.workDir().resolve("backend-swap-deploy")).toString()));
    }

    @Before
    public void runScenarioOnce() throws Throwable {
        if (scenario == null && scenarioFailure == null) {
            scenario = new SwapScenario();
            try {
                MemberConfig member = new MemberConfig("backend-swap", 27381, 27382);
                member.applyCore(cm);
                member.applyClientListener(cm);
                scenario.run(context, member, () -> MemberConfig.enableMemoryBackend(cm, 10));
            } catch (Throwable e) {
                scenarioFailure = e;
            }
        }
        if (scenarioFailure != null) {
            throw scenarioFailure;
        }
    }

    @Test
    public void everyAcknowledgedPutReadsBackSerializable() {
        assertEquals("lost puts, " + scenario.summary(), Map.of(), scenario.lostSerializable);
    }

    @Test
    public void everyAcknowledgedPutReadsBackLinearizable() {
        assertEquals("lost puts, " + scenario.summary(), Map.of(), scenario.lostLinearizable);
    }

    @Test
    public void noClientPutFailsWhileTheServerMigrates() {
        // Requests wait for the migration instead of failing: a client sees no error.
        assertEquals(scenario.summary(), List.of(), scenario.writeFailures);
    }

    @Test
    public void serverRunsOnTheMemoryBackendAfterTheSwap() {
        assertEquals(scenario.summary() + Diagnostics.report(context), "memory", scenario.backendAfter);
    }
}
