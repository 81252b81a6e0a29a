package io.ketch.server.watch;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.service.EtcdServices;
import io.ketch.server.service.Limits;
import io.ketch.server.testing.SyncConsensus;
import io.ketch.spi.etcd.Caller;
import io.ketch.storage.memory.MemoryBackend;

/** A one-member server in a test: the state machine, a synchronous consensus and the KV service. */
final class Member {
    final EtcdStateMachine machine = new EtcdStateMachine(new MemoryBackend());
    final SyncConsensus consensus = new SyncConsensus(machine);
    final EtcdServices services = new EtcdServices(consensus, machine, Limits.DEFAULTS, Runnable::run);
    final HeaderSource headers = rev -> ResponseHeader.newBuilder().setClusterId(SyncConsensus.CLUSTER_ID)
            .setMemberId(SyncConsensus.MEMBER_ID).setRaftTerm(SyncConsensus.TERM).setRevision(rev).build();

    static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    long put(String k, String v) {
        return services.kv().put(Caller.ANONYMOUS, PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v)).build())
                .join().getHeader().getRevision();
    }

    long delete(String k) {
        return services.kv().deleteRange(Caller.ANONYMOUS, DeleteRangeRequest.newBuilder().setKey(bs(k)).build())
                .join().getHeader().getRevision();
    }

    void compact(long rev) {
        services.kv().compact(Caller.ANONYMOUS, CompactionRequest.newBuilder().setRevision(rev).build()).join();
    }

    /** A hub fed synchronously by this member's commits, everything on the calling thread. */
    WatchHub hub(long maxRequestBytes) {
        WatchHub hub = new WatchHub(new MachineHistory(machine), headers, maxRequestBytes, machine.currentRevision());
        machine.addCommitListener(hub::committed);
        return hub;
    }
}
