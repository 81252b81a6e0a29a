package io.ketch.spi.etcd;

import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.CompactionResponse;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * etcd's KV service (etcdserverpb.KV) with etcd 3.4's semantics. Responses carry a complete
 * {@code ResponseHeader} (cluster id, member id, revision, raft term). A failed future holds an
 * {@link EtcdException} for every error etcd reports to clients; anything else is an internal error.
 */
@ProviderType
public interface KvService {
    /** Gets the keys in a range; linearizable unless {@code serializable} is set. */
    CompletableFuture<RangeResponse> range(Caller caller, RangeRequest request);

    /** Puts a key, creating a new revision. */
    CompletableFuture<PutResponse> put(Caller caller, PutRequest request);

    /** Deletes the keys in a range in one revision. */
    CompletableFuture<DeleteRangeResponse> deleteRange(Caller caller, DeleteRangeRequest request);

    /** Evaluates the compares and runs the success or the failure branch atomically. */
    CompletableFuture<TxnResponse> txn(Caller caller, TxnRequest request);

    /** Compacts the history up to a revision. */
    CompletableFuture<CompactionResponse> compact(Caller caller, CompactionRequest request);
}
