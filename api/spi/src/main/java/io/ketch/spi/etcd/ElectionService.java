package io.ketch.spi.etcd;

import io.ketch.proto.v3electionpb.CampaignRequest;
import io.ketch.proto.v3electionpb.CampaignResponse;
import io.ketch.proto.v3electionpb.LeaderRequest;
import io.ketch.proto.v3electionpb.LeaderResponse;
import io.ketch.proto.v3electionpb.ProclaimRequest;
import io.ketch.proto.v3electionpb.ProclaimResponse;
import io.ketch.proto.v3electionpb.ResignRequest;
import io.ketch.proto.v3electionpb.ResignResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ProviderType;

/** etcd's v3election service (v3electionpb.Election): leader election bound to a lease. */
@ProviderType
public interface ElectionService {
    /** Waits until the caller leads the election; completes with its leader key. */
    CompletableFuture<CampaignResponse> campaign(Caller caller, CampaignRequest request);

    /** Publishes a new value as the current leader. */
    CompletableFuture<ProclaimResponse> proclaim(Caller caller, ProclaimRequest request);

    /** The current leader's key-value, or etcd's "election: no leader" error. */
    CompletableFuture<LeaderResponse> leader(Caller caller, LeaderRequest request);

    /** Streams the leader's key-value each time the leadership or its value changes. */
    Flow.Publisher<LeaderResponse> observe(Caller caller, LeaderRequest request);

    /** Gives up leadership by deleting the leader key. */
    CompletableFuture<ResignResponse> resign(Caller caller, ResignRequest request);
}
