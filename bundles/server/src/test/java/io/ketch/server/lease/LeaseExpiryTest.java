package io.ketch.server.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.spi.storage.WriteTxn;
import io.ketch.storage.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseExpiryTest {
    private final AtomicLong now = new AtomicLong(0);
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final Lessor lessor = new Lessor(now::get, 2);
    private final List<Long> revoked = new ArrayList<>();
    private final LeaseExpiry expiry = new LeaseExpiry(lessor, leader::get, 1_000, revoked::add, 10);

    private void grant(long id, long ttl) {
        MemoryBackend backend = new MemoryBackend();
        try (WriteTxn tx = backend.write()) {
            lessor.grant(tx, id, ttl);
            tx.commit();
        }
    }

    @Test
    void becomingLeaderPromotesWithTheElectionTimeoutAsExtension() {
        grant(1, 5);
        expiry.tick();
        assertTrue(lessor.isPrimary());
        assertEquals(6, lessor.lookup(1).remaining());
    }

    @Test
    void anExpiredLeaseIsProposedForRevocation() {
        expiry.tick();
        grant(1, 5);
        now.addAndGet(5_000);
        expiry.tick();
        assertEquals(List.of(1L), revoked);
    }

    @Test
    void losingLeadershipDemotesAndStopsRevoking() {
        expiry.tick();
        grant(1, 5);
        leader.set(false);
        now.addAndGet(60_000);
        expiry.tick();
        assertFalse(lessor.isPrimary());
        assertEquals(List.of(), revoked);
    }
}
