package io.ketch.spi.etcd;

import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.ketch.proto.etcdserverpb.LeaseLeasesRequest;
import io.ketch.proto.etcdserverpb.LeaseLeasesResponse;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeResponse;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveResponse;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * etcd's Lease service (etcdserverpb.Lease) with etcd 3.4's semantics. A keep-alive stream is the
 * front end's concern: each request on it is one {@link #leaseKeepAlive} call, answered in order.
 */
@ProviderType
public interface LeaseService {
    /** Grants a lease with a TTL, with a server-chosen id when the request's id is 0. */
    CompletableFuture<LeaseGrantResponse> leaseGrant(Caller caller, LeaseGrantRequest request);

    /** Revokes a lease, deleting every key attached to it in one revision. */
    CompletableFuture<LeaseRevokeResponse> leaseRevoke(Caller caller, LeaseRevokeRequest request);

    /** Renews a lease to its full TTL; TTL 0 in the answer means it does not exist. */
    CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(Caller caller, LeaseKeepAliveRequest request);

    /** A lease's granted and remaining TTL, and its keys when asked. */
    CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(Caller caller, LeaseTimeToLiveRequest request);

    /** Every live lease. */
    CompletableFuture<LeaseLeasesResponse> leaseLeases(Caller caller, LeaseLeasesRequest request);
}
