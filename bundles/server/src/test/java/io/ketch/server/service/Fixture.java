package io.ketch.server.service;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.testing.SyncConsensus;
import io.ketch.storage.memory.MemoryBackend;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assertions;

/** A member in a test: a backend, the state machine, a synchronous consensus and the services. */
final class Fixture {
    final MemoryBackend backend = new MemoryBackend();
    final EtcdStateMachine machine = new EtcdStateMachine(backend);
    final SyncConsensus consensus = new SyncConsensus(machine);
    final EtcdServices services;

    Fixture() {
        this(Limits.DEFAULTS);
    }

    Fixture(Limits limits) {
        services = new EtcdServices(consensus, machine, limits, Runnable::run);
    }

    static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    PutResponse put(String k, String v) {
        return join(services.kv().put(Caller.ANONYMOUS, PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v)).build()));
    }

    RangeResponse range(RangeRequest.Builder r) {
        return join(services.kv().range(Caller.ANONYMOUS, r.build()));
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The etcd error a call failed with. */
    static String error(CompletableFuture<?> f) {
        EtcdException e = Assertions.assertThrows(EtcdException.class, () -> join(f));
        return e.getMessage();
    }
}
