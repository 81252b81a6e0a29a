package io.ketch.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every put a client saw acknowledged survives a crash ({@code kill -9}) and a clean stop, and no
 * key that was never attempted appears. Unacknowledged attempts may or may not be there.
 */
class DurabilityTest {
    private static final String PREFIX = "/durability/";
    private static final int WRITERS = 8;
    private static final int MAX_PUTS = 20_000;

    @Test
    void everyAcknowledgedPutSurvivesKillDashNine(@TempDir Path work) throws Exception {
        try (MemberProcess member = Members.candidate("dur", work).start()) {
            AcknowledgedWrites writes = new AcknowledgedWrites(PREFIX, MAX_PUTS, 3_000);
            try (Client client = JetcdClients.connect(member)) {
                writes.start(client.getKVClient(), WRITERS);
                assertTrue(writes.awaitAcks(60), "3000 puts not acknowledged within 60s; got "
                        + writes.acknowledged().size() + "\n" + member.logTail(30));
                member.kill(); // mid-load: writers are still sending
                writes.join();
            }
            assertTrue(writes.attempted().size() > writes.acknowledged().size() || writes.attempted().size() == MAX_PUTS,
                    "writers stopped before the kill");
            member.start();
            assertSurvived(member, writes);
        }
    }

    @Test
    void everyAcknowledgedPutSurvivesACleanStop(@TempDir Path work) throws Exception {
        try (MemberProcess member = Members.candidate("dur", work).start()) {
            AcknowledgedWrites writes = new AcknowledgedWrites(PREFIX, 2_000, 2_000);
            try (Client client = JetcdClients.connect(member)) {
                writes.start(client.getKVClient(), WRITERS);
                writes.join();
            }
            assertEquals(2_000, writes.acknowledged().size(), "every put should be acknowledged on a healthy member");
            member.stop();
            member.start();
            assertSurvived(member, writes);
        }
    }

    private static void assertSurvived(MemberProcess member, AcknowledgedWrites writes) throws Exception {
        List<KeyValue> present;
        long revision;
        try (Client client = JetcdClients.connect(member)) {
            var got = client.getKVClient().get(ByteSequence.from(PREFIX, UTF_8),
                    GetOption.builder().isPrefix(true).build()).get(30, TimeUnit.SECONDS);
            present = got.getKvs();
            revision = got.getHeader().getRevision();
        }
        Map<String, AcknowledgedWrites.Ack> acked = writes.acknowledged();
        List<String> problems = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (KeyValue kv : present) {
            String key = kv.getKey().toString(UTF_8);
            seen.add(key);
            if (!writes.attempted().contains(key)) {
                problems.add("never attempted but present: " + key);
            }
            AcknowledgedWrites.Ack ack = acked.get(key);
            if (ack != null && (!ack.value().equals(kv.getValue().toString(UTF_8)) || ack.revision() != kv.getModRevision())) {
                problems.add(key + ": acknowledged " + ack + " but found " + kv.getValue().toString(UTF_8)
                        + "@" + kv.getModRevision());
            }
        }
        for (Map.Entry<String, AcknowledgedWrites.Ack> e : acked.entrySet()) {
            if (!seen.contains(e.getKey())) {
                problems.add("acknowledged but lost: " + e.getKey() + " " + e.getValue());
            }
        }
        // For the report: how much load the crash interrupted.
        System.out.printf("%s: attempted %d, acknowledged %d, present after restart %d, revision %d%n",
                member.kind(), writes.attempted().size(), acked.size(), present.size(), revision);
        long maxAcked = acked.values().stream().mapToLong(AcknowledgedWrites.Ack::revision).max().orElse(0);
        if (revision < maxAcked) {
            problems.add("revision went back: " + revision + " < acknowledged " + maxAcked);
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems among " + acked.size() + " acknowledged, " + present.size()
                    + " present; first: " + problems.subList(0, Math.min(20, problems.size()))
                    + "\n" + member.logTail(30));
        }
    }
}
