package io.ketch.server.concurrency;

import static io.ketch.server.concurrency.Node.await;
import static io.ketch.server.concurrency.Node.bs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.proto.v3lockpb.LockRequest;
import io.ketch.proto.v3lockpb.LockResponse;
import io.ketch.proto.v3lockpb.UnlockRequest;
import io.ketch.spi.etcd.Caller;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockServiceImplTest {
    private final Node node = new Node();

    @AfterEach
    void close() {
        node.close();
    }

    private CompletableFuture<LockResponse> lock(String name, long lease) {
        return node.locks.lock(Caller.ANONYMOUS, LockRequest.newBuilder().setName(bs(name)).setLease(lease).build());
    }

    @Test
    void uncontendedLockOwnsKeyNamedForTheLease() {
        long lease = node.grant(30);
        LockResponse r = await(lock("mylock", lease));
        assertEquals("mylock/" + Long.toHexString(lease), r.getKey().toStringUtf8());
        KeyValue kv = node.get(r.getKey()).getKvs(0);
        assertEquals(lease, kv.getLease());
        assertEquals(kv.getCreateRevision(), r.getHeader().getRevision());
    }

    @Test
    void secondLockWaitsUntilTheFirstIsUnlocked() {
        LockResponse first = await(lock("mylock", node.grant(30)));
        CompletableFuture<LockResponse> second = lock("mylock", node.grant(30));
        node.put("other", "x"); // unrelated writes do not release the waiter
        assertFalse(second.isDone());
        await(node.locks.unlock(Caller.ANONYMOUS, UnlockRequest.newBuilder().setKey(first.getKey()).build()));
        LockResponse acquired = await(second);
        assertTrue(acquired.getHeader().getRevision() > first.getHeader().getRevision());
    }

    @Test
    void revokingTheHoldersLeaseHandsTheLockOn() {
        long holder = node.grant(30);
        await(lock("mylock", holder));
        CompletableFuture<LockResponse> waiter = lock("mylock", node.grant(30));
        assertFalse(waiter.isDone());
        node.revoke(holder);
        await(waiter);
    }

    @Test
    void lockWithoutLeaseGrantsASessionLease() {
        LockResponse r = await(lock("mylock", 0));
        long lease = node.get(r.getKey()).getKvs(0).getLease();
        long granted = await(node.leases.leaseTimeToLive(Caller.ANONYMOUS,
                LeaseTimeToLiveRequest.newBuilder().setID(lease).build())).getGrantedTTL();
        assertEquals(Sessions.DEFAULT_TTL, granted);
    }

    @Test
    void lockUnderUnknownLeaseFails() {
        assertEquals("etcdserver: requested lease not found", Node.failure(lock("mylock", 0x1234)).getMessage());
    }

    @Test
    void lockingAgainUnderTheHoldingLeaseReturnsAtOnce() {
        long lease = node.grant(30);
        LockResponse first = await(lock("mylock", lease));
        LockResponse again = await(lock("mylock", lease));
        assertEquals(first.getKey(), again.getKey());
    }

    @Test
    void cancelledWaiterRemovesItsKey() {
        await(lock("mylock", node.grant(30)));
        long waiterLease = node.grant(30);
        CompletableFuture<LockResponse> waiter = lock("mylock", waiterLease);
        String key = "mylock/" + Long.toHexString(waiterLease);
        assertEquals(1, node.get(bs(key)).getCount());
        // this node's consensus is synchronous, so the cancellation's delete is applied on return
        waiter.cancel(false);
        assertEquals(0, node.get(bs(key)).getCount());
    }

    @Test
    void unlockDeletesTheOwnerKey() {
        LockResponse r = await(lock("mylock", node.grant(30)));
        await(node.locks.unlock(Caller.ANONYMOUS, UnlockRequest.newBuilder().setKey(r.getKey()).build()));
        assertEquals(0, node.get(r.getKey()).getCount());
    }
}
