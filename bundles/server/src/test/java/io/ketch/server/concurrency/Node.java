package io.ketch.server.concurrency;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.service.EtcdServices;
import io.ketch.server.service.LeaseServiceImpl;
import io.ketch.server.service.Limits;
import io.ketch.server.testing.SyncConsensus;
import io.ketch.server.watch.WatchServiceImpl;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.storage.memory.MemoryBackend;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;

/** A one-member server in a test: real KV, Lease and Watch services over a synchronous consensus. */
final class Node implements AutoCloseable {
    /** The bound of every wait in these tests. */
    static final long WAIT_SECONDS = 10;

    final EtcdStateMachine machine = new EtcdStateMachine(new MemoryBackend());
    final SyncConsensus consensus = new SyncConsensus(machine);
    final EtcdServices services = new EtcdServices(consensus, machine, Limits.DEFAULTS, Runnable::run);
    final LeaseServiceImpl leases = new LeaseServiceImpl(consensus, machine, Limits.DEFAULTS);
    final WatchServiceImpl watch = new WatchServiceImpl(machine, rev -> ResponseHeader.newBuilder()
            .setClusterId(SyncConsensus.CLUSTER_ID).setMemberId(SyncConsensus.MEMBER_ID)
            .setRaftTerm(SyncConsensus.TERM).setRevision(rev).build(), 1572864, 600_000);
    final LockServiceImpl locks = new LockServiceImpl(services.kv(), leases, watch);
    final ElectionServiceImpl elections = new ElectionServiceImpl(services.kv(), leases, watch);

    static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    long grant(long ttl) {
        return await(leases.leaseGrant(Caller.ANONYMOUS, LeaseGrantRequest.newBuilder().setTTL(ttl).build())).getID();
    }

    void revoke(long lease) {
        await(leases.leaseRevoke(Caller.ANONYMOUS, LeaseRevokeRequest.newBuilder().setID(lease).build()));
    }

    long put(String k, String v) {
        return await(services.kv().put(Caller.ANONYMOUS, PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v)).build()))
                .getHeader().getRevision();
    }

    void delete(ByteString k) {
        await(services.kv().deleteRange(Caller.ANONYMOUS, DeleteRangeRequest.newBuilder().setKey(k).build()));
    }

    RangeResponse get(ByteString k) {
        return await(services.kv().range(Caller.ANONYMOUS, RangeRequest.newBuilder().setKey(k).build()));
    }

    /** The future's value, waiting at most {@link #WAIT_SECONDS}. */
    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("not done within " + WAIT_SECONDS + " s", e);
        }
    }

    /** The etcd error the future failed with. */
    static EtcdException failure(CompletableFuture<?> f) {
        return Assertions.assertThrows(EtcdException.class, () -> await(f));
    }

    @Override
    public void close() {
        watch.close();
    }
}
