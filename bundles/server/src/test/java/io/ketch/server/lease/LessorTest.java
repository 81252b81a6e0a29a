package io.ketch.server.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import io.ketch.storage.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LessorTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryBackend backend = new MemoryBackend();
    private final Lessor lessor = new Lessor(now::get, 2);

    private long grant(long id, long ttl) {
        try (WriteTxn tx = backend.write()) {
            long got = lessor.grant(tx, id, ttl);
            tx.commit();
            return got;
        }
    }

    private static byte[] key(String k) {
        return k.getBytes();
    }

    @Test
    void minimumTtlIsEtcdsThreeHalvesOfTheElectionTicksRoundedUpToSeconds() {
        assertEquals(2, Lessor.minTtl(100, 1000));
        assertEquals(1, Lessor.minTtl(50, 500));
        assertEquals(8, Lessor.minTtl(500, 5000));
    }

    @Test
    void grantRaisesATtlBelowTheMinimum() {
        assertEquals(2, grant(7, 1));
        assertEquals(2, lessor.lookup(7).grantedTtl());
    }

    @Test
    void grantOfATakenIdIsRefused() {
        grant(7, 60);
        EtcdException e = assertThrows(EtcdException.class, () -> grant(7, 60));
        assertEquals(EtcdError.LEASE_EXIST.message(), e.getMessage());
    }

    @Test
    void grantOverTheMaximumTtlIsRefused() {
        EtcdException e = assertThrows(EtcdException.class, () -> grant(7, Lessor.MAX_TTL + 1));
        assertEquals("etcdserver: too large lease TTL", e.getMessage());
    }

    @Test
    void grantIsStoredAsLeasepbUnderTheBigEndianId() throws Exception {
        grant(0x0102030405060708L, 60);
        try (ReadTxn tx = backend.read()) {
            byte[] v = tx.get(Lessor.LEASE_BUCKET, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            io.ketch.proto.leasepb.Lease l = io.ketch.proto.leasepb.Lease.parseFrom(v);
            assertEquals(0x0102030405060708L, l.getID());
            assertEquals(60, l.getTTL());
        }
    }

    @Test
    void aPutWithAnotherLeaseMovesTheKey() {
        grant(1, 60);
        grant(2, 60);
        lessor.put(key("k"), 1);
        lessor.put(key("k"), 2);
        assertEquals(List.of(), lessor.keysOf(1));
        assertEquals(List.of(ByteString.copyFromUtf8("k")), lessor.keysOf(2));
    }

    @Test
    void aPutWithoutLeaseOrADeleteDetachesTheKey() {
        grant(1, 60);
        lessor.put(key("a"), 1);
        lessor.put(key("b"), 1);
        lessor.put(key("a"), 0);
        lessor.deleted(key("b"));
        assertEquals(List.of(), lessor.keysOf(1));
    }

    @Test
    void keysAreReportedInByteOrder() {
        grant(1, 60);
        lessor.put(key("b"), 1);
        lessor.put(new byte[] {(byte) 0xff}, 1);
        lessor.put(key("a"), 1);
        assertEquals(List.of(ByteString.copyFromUtf8("a"), ByteString.copyFromUtf8("b"),
                ByteString.copyFrom(new byte[] {(byte) 0xff})), lessor.keysOf(1));
    }

    @Test
    void revokedLeaseIsForgottenAndUnstored() {
        grant(1, 60);
        try (WriteTxn tx = backend.write()) {
            lessor.revoked(tx, 1);
            tx.commit();
        }
        assertFalse(lessor.exists(1));
        assertThrows(EtcdException.class, () -> lessor.keysOf(1));
        try (ReadTxn tx = backend.read()) {
            assertEquals(0, tx.count(Lessor.LEASE_BUCKET));
        }
    }

    @Test
    void keepAliveRenewsToTheFullTtl() {
        lessor.promote(0);
        grant(1, 60);
        now.addAndGet(50_000);
        assertEquals(10, lessor.lookup(1).remaining());
        assertEquals(60, lessor.renew(1));
        assertEquals(60, lessor.lookup(1).remaining());
    }

    @Test
    void keepAliveOfAnUnknownOrExpiredLeaseAnswersMinusOne() {
        lessor.promote(0);
        grant(1, 5);
        now.addAndGet(5_000);
        assertEquals(-1, lessor.renew(1));
        assertEquals(-1, lessor.renew(99));
    }

    @Test
    void keepAliveOffThePrimaryIsRefused() {
        grant(1, 60);
        EtcdException e = assertThrows(EtcdException.class, () -> lessor.renew(1));
        assertEquals(EtcdError.NOT_LEADER.message(), e.getMessage());
    }

    @Test
    void nothingExpiresOffThePrimary() {
        grant(1, 5);
        now.addAndGet(3_600_000);
        assertEquals(List.of(), lessor.expired(10));
    }

    @Test
    void promoteGivesEveryLeaseItsFullTtlPlusTheExtension() {
        lessor.promote(0);
        grant(1, 10);
        now.addAndGet(9_000);
        lessor.demote();
        lessor.promote(1_000);
        assertEquals(11, lessor.lookup(1).remaining());
        now.addAndGet(10_999);
        assertEquals(List.of(), lessor.expired(10));
        now.addAndGet(1);
        assertEquals(List.of(1L), lessor.expired(10));
    }

    @Test
    void anExpiredLeaseIsHandedOutAgainOnlyAfterTheRetryInterval() {
        lessor.promote(0);
        grant(1, 5);
        now.addAndGet(5_000);
        assertEquals(List.of(1L), lessor.expired(10));
        assertEquals(List.of(), lessor.expired(10));
        now.addAndGet(Lessor.RETRY_MILLIS);
        assertEquals(List.of(1L), lessor.expired(10));
    }

    @Test
    void expiredLeasesComeSoonestFirstUpToTheLimit() {
        lessor.promote(0);
        grant(3, 5);
        grant(1, 7);
        grant(2, 6);
        now.addAndGet(10_000);
        assertEquals(List.of(3L, 2L), lessor.expired(2));
        assertEquals(List.of(1L), lessor.expired(2));
    }

    @Test
    void reloadRebuildsLeasesFromTheBucketAndKeysFromTheLiveValues() {
        grant(1, 60);
        grant(2, 1);
        Lessor fresh = new Lessor(now::get, 2);
        List<KeyValue> live = new ArrayList<>();
        live.add(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("k")).setLease(1).build());
        live.add(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("plain")).build());
        live.add(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("orphan")).setLease(99).build());
        try (ReadTxn tx = backend.read()) {
            fresh.reload(tx, live);
        }
        assertEquals(List.of(ByteString.copyFromUtf8("k")), fresh.keysOf(1));
        assertEquals(2, fresh.lookup(2).grantedTtl());
        assertNull(fresh.lookup(99));
        assertTrue(fresh.exists(2));
    }
}
