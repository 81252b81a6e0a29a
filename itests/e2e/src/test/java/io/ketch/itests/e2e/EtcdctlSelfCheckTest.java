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
 * Proves the harness on etcd alone: the etcdctl script against two fresh etcd members must
 * compare equal after normalization. If this fails, the normalizer is missing a mask (or masks
 * too little), not Ketch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdctlSelfCheckTest {
    private EtcdProcess first;
    private EtcdProcess second;
    private ScriptComparison comparison;

    @BeforeAll
    void startTwoEtcds(@TempDir Path work) {
        Binaries.requireEtcd();
        first = new EtcdProcess("m1", work.resolve("a"));
        second = new EtcdProcess("m1", work.resolve("b"));
        first.startAsync();
        second.startAsync();
        first.awaitReady();
        second.awaitReady();
        comparison = ScriptComparison.run(first, second);
    }

    @AfterAll
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @TestFactory
    List<DynamicTest> twoFreshEtcdsPrintTheSameNormalizedOutput() {
        return comparison.tests();
    }
}
