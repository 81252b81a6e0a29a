package io.ketch.spi.etcd;

import io.ketch.proto.etcdserverpb.MemberAddRequest;
import io.ketch.proto.etcdserverpb.MemberAddResponse;
import io.ketch.proto.etcdserverpb.MemberListRequest;
import io.ketch.proto.etcdserverpb.MemberListResponse;
import io.ketch.proto.etcdserverpb.MemberPromoteRequest;
import io.ketch.proto.etcdserverpb.MemberPromoteResponse;
import io.ketch.proto.etcdserverpb.MemberRemoveRequest;
import io.ketch.proto.etcdserverpb.MemberRemoveResponse;
import io.ketch.proto.etcdserverpb.MemberUpdateRequest;
import io.ketch.proto.etcdserverpb.MemberUpdateResponse;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/** etcd's Cluster service (etcdserverpb.Cluster) with etcd 3.4's semantics. */
@ProviderType
public interface ClusterService {
    /** Lists the members with their names, peer and client URLs and learner flags. */
    CompletableFuture<MemberListResponse> memberList(Caller caller, MemberListRequest request);

    /** Adds a member (or a learner) by its peer URLs. */
    CompletableFuture<MemberAddResponse> memberAdd(Caller caller, MemberAddRequest request);

    /** Removes a member by id. */
    CompletableFuture<MemberRemoveResponse> memberRemove(Caller caller, MemberRemoveRequest request);

    /** Replaces a member's peer URLs. */
    CompletableFuture<MemberUpdateResponse> memberUpdate(Caller caller, MemberUpdateRequest request);

    /** Promotes a learner that has caught up to a voting member. */
    CompletableFuture<MemberPromoteResponse> memberPromote(Caller caller, MemberPromoteRequest request);
}
