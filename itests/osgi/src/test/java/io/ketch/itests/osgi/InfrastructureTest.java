package io.ketch.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The test harness itself: pax-exam boots Felix with the core feature alone (SCR, Config Admin,
 * FileInstall, protobuf, guava, Netty, the gRPC runtime, etcd's messages, the SPI) and the probe
 * sees them. When this fails, the other tests here say nothing about Ketch's own bundles.
 *
 * <p>The core feature is the smallest set that resolves: ketch-proto imports {@code com.google.api}
 * (etcd's protos use google.api.http annotations), which only ketch-grpc-runtime exports.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InfrastructureTest {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(KetchOptions.container("infrastructure", List.of("core"), e -> true));
    }

    @Test
    public void everyProvisionedBundleIsActive() {
        assertEquals("bundles not active" + Diagnostics.report(context), "", Diagnostics.notActive(context));
    }

    @Test
    public void scrAndConfigAdminServicesAreRegistered() {
        assertNotNull(Await.service(context, ServiceComponentRuntime.class, null, Await.STARTUP));
        assertNotNull(Await.service(context, ConfigurationAdmin.class, null, Await.STARTUP));
    }

    @Test
    public void spiAndProtoClassesAreVisibleToTheProbe() throws Exception {
        // Loading through the probe's class loader proves the packages are exported and wired.
        assertEquals("io.ketch.spi.etcd.KvService", io.ketch.spi.etcd.KvService.class.getName());
        assertEquals(io.ketch.proto.etcdserverpb.PutRequest.getDefaultInstance(),
                io.ketch.proto.etcdserverpb.PutRequest.parseFrom(new byte[0]));
    }
}
