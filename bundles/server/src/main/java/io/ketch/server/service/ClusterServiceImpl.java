package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.Member;
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
import io.ketch.server.apply.ClusterState;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.ClusterService;
import io.ketch.spi.etcd.EtcdError;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * etcd's Cluster service (v3rpc/member.go): membership changes go to the consensus layer; names
 * and client URLs come from what members published, when the consensus layer does not know them.
 */
public final class ClusterServiceImpl implements ClusterService {
    private final Consensus consensus;
    private final ClusterState cluster;
    private final Proposer proposer;

    ClusterServiceImpl(Consensus consensus, ClusterState cluster, Proposer proposer) {
        this.consensus = consensus;
        this.cluster = cluster;
        this.proposer = proposer;
    }

    @Override
    public CompletableFuture<MemberListResponse> memberList(Caller caller, MemberListRequest request) {
        return CompletableFuture.completedFuture(MemberListResponse.newBuilder()
                .setHeader(proposer.clusterHeader()).addAllMembers(members()).build());
    }

    @Override
    public CompletableFuture<MemberAddResponse> memberAdd(Caller caller, MemberAddRequest request) {
        if (!validUrls(request.getPeerURLsList())) {
            return CompletableFuture.failedFuture(EtcdError.MEMBER_BAD_URLS.exception());
        }
        return after(() -> consensus.addMember(request.getPeerURLsList(), request.getIsLearner()),
                m -> MemberAddResponse.newBuilder().setHeader(proposer.clusterHeader())
                        .setMember(toProto(m)).addAllMembers(members()).build());
    }

    @Override
    public CompletableFuture<MemberRemoveResponse> memberRemove(Caller caller, MemberRemoveRequest request) {
        return after(() -> consensus.removeMember(request.getID()),
                v -> MemberRemoveResponse.newBuilder().setHeader(proposer.clusterHeader()).addAllMembers(members()).build());
    }

    @Override
    public CompletableFuture<MemberUpdateResponse> memberUpdate(Caller caller, MemberUpdateRequest request) {
        if (!validUrls(request.getPeerURLsList())) {
            return CompletableFuture.failedFuture(EtcdError.MEMBER_BAD_URLS.exception());
        }
        return after(() -> consensus.updateMember(request.getID(), request.getPeerURLsList()),
                v -> MemberUpdateResponse.newBuilder().setHeader(proposer.clusterHeader()).addAllMembers(members()).build());
    }

    @Override
    public CompletableFuture<MemberPromoteResponse> memberPromote(Caller caller, MemberPromoteRequest request) {
        return after(() -> consensus.promoteMember(request.getID()),
                v -> MemberPromoteResponse.newBuilder().setHeader(proposer.clusterHeader()).addAllMembers(members()).build());
    }

    private <A, T> CompletableFuture<T> after(java.util.function.Supplier<CompletableFuture<A>> call, Function<A, T> response) {
        CompletableFuture<A> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Proposer.map(e));
        }
        return f.handle((a, e) -> {
            if (e != null) {
                throw new CompletionException(Proposer.map(e));
            }
            return response.apply(a);
        });
    }

    private List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (io.ketch.spi.consensus.Member m : consensus.members()) {
            out.add(toProto(m));
        }
        return out;
    }

    private Member toProto(io.ketch.spi.consensus.Member m) {
        String name = m.name();
        List<String> clientUrls = m.clientUrls();
        var published = cluster.attributes(m.id());
        if (name.isEmpty() && published.isPresent()) {
            name = published.get().name();
        }
        if (clientUrls.isEmpty() && published.isPresent()) {
            clientUrls = published.get().clientUrls();
        }
        return Member.newBuilder().setID(m.id()).setName(name).addAllPeerURLs(m.peerUrls())
                .addAllClientURLs(clientUrls).setIsLearner(m.learner()).build();
    }

    /** etcd's types.NewURLs: at least one; http, https, unix or unixs; host:port; no path. */
    static boolean validUrls(List<String> urls) {
        if (urls.isEmpty()) {
            return false;
        }
        try {
            for (String u : urls) {
                URI uri = new URI(u.trim());
                String scheme = uri.getScheme();
                if (!List.of("http", "https", "unix", "unixs").contains(scheme)
                        || uri.getRawAuthority() == null || uri.getPort() == -1
                        || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                    return false;
                }
            }
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
