package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A member restarted on its data dir comes back as the same member with the flags it was given
 * this time: same name, the advertised client URL (not a default), the same member id.
 */
class RestartTest {
    @ParameterizedTest
    @ValueSource(strings = {"etcd", "ketch"})
    void restartedMemberPublishesItsAdvertisedClientUrl(String kind, @TempDir Path work) {
        MemberProcess m = "etcd".equals(kind) ? new EtcdProcess("rs", work) : Members.candidate("rs", work);
        try (m) {
            m.start();
            String before = m.etcdctl().run("member", "list").stdout();
            m.stop();
            m.start();
            Etcdctl.Result after = m.etcdctl().run("member", "list");
            assertEquals(0, after.exitCode(), after.toString());
            assertTrue(after.stdout().contains(", rs, " + m.peerUrl() + ", " + m.clientUrl() + ","),
                    "member list after restart: " + after + "\n" + m.logTail(30));
            assertEquals(before, after.stdout(), "member list changed across a restart");
        }
    }
}
