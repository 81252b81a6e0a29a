package io.ketch.itests.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After a few writes and a clean restart of both, etcd and Ketch still print the same thing:
 * the data, the revision, and the raft term and index a restarted member moves on to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdctlRestartCompatibilityTest {
    private EtcdProcess etcd;
    private MemberProcess ketch;

    @BeforeAll
    void writeAndRestartBoth(@TempDir Path work) {
        Binaries.requireEtcd();
        etcd = new EtcdProcess("m1", work.resolve("etcd"));
        ketch = Members.candidate("m1", work.resolve("ketch"));
        for (MemberProcess m : List.of(etcd, ketch)) {
            m.startAsync();
        }
        for (MemberProcess m : List.of(etcd, ketch)) {
            m.awaitReady();
            m.etcdctl().run("put", "a", "1");
            m.etcdctl().run("put", "b", "2");
            m.etcdctl().run("put", "a", "3");
            m.etcdctl().run("del", "b");
            m.stop();
            m.startAsync();
        }
        etcd.awaitReady();
        ketch.awaitReady();
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "get a -w json",
        "get  --from-key -w fields",
        "get a --rev=2",
        "endpoint status -w json",
        "member list -w table"})
    void restartedMemberPrintsWhatRestartedEtcdPrints(String command) {
        String[] args = command.split(" ", -1);
        ScriptComparison.assertSameOutput(command, etcd, etcd.etcdctl().run(args), ketch, ketch.etcdctl().run(args));
    }
}
