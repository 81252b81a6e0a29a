package io.ketch.itests.e2e;

import io.etcd.jetcd.Client;
import java.time.Duration;

/** jetcd clients with bounded retries, so a failing member fails a test instead of hanging it. */
public final class JetcdClients {
    private JetcdClients() {
    }

    /** A client for one member. */
    public static Client connect(MemberProcess member) {
        return Client.builder()
                .endpoints(member.clientUrl())
                .connectTimeout(Duration.ofSeconds(5))
                .retryMaxDuration(Duration.ofSeconds(10))
                .build();
    }
}
