package io.ketch.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Swapping the backend the way an operator does: the member runs without storage-memory; its jar
 * and its configuration are dropped into the FileInstall-watched deploy/ directory; FileInstall
 * installs and starts the bundle and creates the configuration; the server migrates to it.
 *
 * <p>The configuration file is {@code io.ketch.storage.memory.config} (Config Admin's typed
 * format, {@code service.ranking=I"10"}) rather than a {@code .cfg}: a {@code .cfg} value is a
 * String, and a String service.ranking is ignored by the framework (ranking 0).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FileInstallSwapTest {
    private static final String MEMORY_JAR = "ketch.itest.memoryJar";

    private static SwapScenario scenario;
    private static Throwable scenarioFailure;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin cm;

    @Configuration
    public Option[] config() throws Exception {
        Path deploy = Files.createDirectories(KetchOptions.workDir().resolve("fileinstall-deploy-" + System.nanoTime()));
        return options(KetchOptions.container("fileinstall-swap", BundleList.MEMBER_FEATURES, e -> true),
                frameworkProperty("felix.fileinstall.dir").value(deploy.toString()),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.log.level").value("3"),
                frameworkProperty(MEMORY_JAR).value(BundleList.jar("io.ketch:ketch-storage-memory").toString()));
    }

    @Before
    public void runScenarioOnce() throws Throwable {
        if (scenario == null && scenarioFailure == null) {
            scenario = new SwapScenario();
            try {
                MemberConfig member = new MemberConfig("fileinstall-swap", 27383, 27384);
                member.applyCore(cm);
                member.applyClientListener(cm);
                scenario.run(context, member, this::dropMemoryBackendIntoDeploy);
            } catch (Throwable e) {
                scenarioFailure = e;
            }
        }
        if (scenarioFailure != null) {
            throw scenarioFailure;
        }
    }

    private void dropMemoryBackendIntoDeploy() throws Exception {
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Files.writeString(deploy.resolve("io.ketch.storage.memory.config"),
                "name=\"default\"\nservice.ranking=I\"10\"\n");
        // Copied beside, then moved in: FileInstall never sees a half-written jar.
        Path staged = deploy.resolveSibling(deploy.getFileName() + "-staged.jar");
        Files.copy(Path.of(context.getProperty(MEMORY_JAR)), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deploy.resolve("ketch-storage-memory.jar"), StandardCopyOption.ATOMIC_MOVE);
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
