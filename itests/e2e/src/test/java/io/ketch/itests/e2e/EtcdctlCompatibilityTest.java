package io.ketch.itests.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same etcdctl script against a fresh etcd 3.4.23 and a fresh Ketch: every step's exit code,
 * stdout and stderr must be equal once {@link OutputNormalizer} has masked ids, ports, sizes and
 * timings. Revisions, raft term and raft index are compared as they are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdctlCompatibilityTest {
    private EtcdProcess etcd;
    private MemberProcess ketch;
    private ScriptComparison comparison;

    @BeforeAll
    void startBoth(@TempDir Path work) {
        Binaries.requireEtcd();
        etcd = new EtcdProcess("m1", work.resolve("etcd"));
        ketch = Members.candidate("m1", work.resolve("ketch"));
        etcd.startAsync();
        ketch.startAsync();
        etcd.awaitReady();
        ketch.awaitReady();
        comparison = ScriptComparison.run(etcd, ketch);
    }

    @AfterAll
    void stopBoth() {
        if (ketch != null) {
            ketch.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @TestFactory
    List<DynamicTest> ketchPrintsWhatEtcdPrints() {
        return comparison.tests();
    }
}
