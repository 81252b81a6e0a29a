package io.ketch.server.concurrency;

import static io.ketch.server.concurrency.Node.await;
import static io.ketch.server.concurrency.Node.bs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ketch.proto.v3electionpb.CampaignRequest;
import io.ketch.proto.v3electionpb.CampaignResponse;
import io.ketch.proto.v3electionpb.LeaderKey;
import io.ketch.proto.v3electionpb.LeaderRequest;
import io.ketch.proto.v3electionpb.LeaderResponse;
import io.ketch.proto.v3electionpb.ProclaimRequest;
import io.ketch.proto.v3electionpb.ResignRequest;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ElectionServiceImplTest {
    private final Node node = new Node();

    @AfterEach
    void close() {
        node.close();
    }

    private CompletableFuture<CampaignResponse> campaign(String value, long lease) {
        return node.elections.campaign(Caller.ANONYMOUS, CampaignRequest.newBuilder().setName(bs("myelection"))
                .setValue(bs(value)).setLease(lease).build());
    }

    private LeaderResponse leader() {
        return await(node.elections.leader(Caller.ANONYMOUS, LeaderRequest.newBuilder().setName(bs("myelection")).build()));
    }

    private void resign(LeaderKey key) {
        await(node.elections.resign(Caller.ANONYMOUS, ResignRequest.newBuilder().setLeader(key).build()));
    }

    @Test
    void loneCandidateLeadsWithItsKey() {
        long lease = node.grant(30);
        CampaignResponse r = await(campaign("p1", lease));
        LeaderKey k = r.getLeader();
        assertEquals("myelection/" + Long.toHexString(lease), k.getKey().toStringUtf8());
        assertEquals(lease, k.getLease());
        assertEquals(r.getHeader().getRevision(), k.getRev());
        assertEquals("p1", leader().getKv().getValue().toStringUtf8());
    }

    @Test
    void secondCandidateWaitsUntilTheLeaderResigns() {
        CampaignResponse first = await(campaign("p1", node.grant(30)));
        CompletableFuture<CampaignResponse> second = campaign("p2", node.grant(30));
        assertFalse(second.isDone());
        assertEquals("p1", leader().getKv().getValue().toStringUtf8());
        resign(first.getLeader());
        await(second);
        assertEquals("p2", leader().getKv().getValue().toStringUtf8());
    }

    @Test
    void leaderOfAnEmptyElectionIsNoLeader() {
        EtcdException e = Node.failure(node.elections.leader(Caller.ANONYMOUS,
                LeaderRequest.newBuilder().setName(bs("myelection")).build()));
        assertEquals(ElectionServiceImpl.NO_LEADER, e.getMessage());
        assertEquals(EtcdError.Code.UNKNOWN, e.code());
    }

    @Test
    void proclaimChangesTheLeadersValue() {
        CampaignResponse r = await(campaign("p1", node.grant(30)));
        await(node.elections.proclaim(Caller.ANONYMOUS,
                ProclaimRequest.newBuilder().setLeader(r.getLeader()).setValue(bs("p1b")).build()));
        assertEquals("p1b", leader().getKv().getValue().toStringUtf8());
    }

    @Test
    void proclaimAfterResignIsNotLeader() {
        CampaignResponse r = await(campaign("p1", node.grant(30)));
        resign(r.getLeader());
        EtcdException e = Node.failure(node.elections.proclaim(Caller.ANONYMOUS,
                ProclaimRequest.newBuilder().setLeader(r.getLeader()).setValue(bs("x")).build()));
        assertEquals(ElectionServiceImpl.NOT_LEADER, e.getMessage());
    }

    @Test
    void proclaimWithoutLeaderKeyIsRefused() {
        EtcdException e = Node.failure(node.elections.proclaim(Caller.ANONYMOUS,
                ProclaimRequest.newBuilder().setValue(bs("x")).build()));
        assertEquals("\"leader\" field must be provided", e.getMessage());
    }

    @Test
    void campaigningAgainUnderTheSameLeaseProclaimsTheNewValue() {
        long lease = node.grant(30);
        await(campaign("p1", lease));
        await(campaign("p1-again", lease));
        assertEquals("p1-again", leader().getKv().getValue().toStringUtf8());
    }

    @Test
    void cancelledCampaignWithdrawsItsCandidacy() {
        await(campaign("p1", node.grant(30)));
        long lease = node.grant(30);
        CompletableFuture<CampaignResponse> waiting = campaign("p2", lease);
        String key = "myelection/" + Long.toHexString(lease);
        assertEquals(1, node.get(bs(key)).getCount());
        // this node's consensus is synchronous, so the resignation is applied on return
        waiting.cancel(false);
        assertEquals(0, node.get(bs(key)).getCount());
    }

    @Test
    void observeReportsLeaderValuesAndSuccession() throws InterruptedException {
        Collector seen = new Collector();
        node.elections.observe(Caller.ANONYMOUS, LeaderRequest.newBuilder().setName(bs("myelection")).build())
                .subscribe(seen);
        CampaignResponse first = await(campaign("p1", node.grant(30)));
        assertEquals("p1", seen.next());
        await(node.elections.proclaim(Caller.ANONYMOUS,
                ProclaimRequest.newBuilder().setLeader(first.getLeader()).setValue(bs("p1b")).build()));
        assertEquals("p1b", seen.next());
        CompletableFuture<CampaignResponse> second = campaign("p2", node.grant(30));
        resign(first.getLeader());
        await(second);
        assertEquals("p2", seen.next());
        seen.subscription.cancel();
    }

    /** Takes every leader value observed, with unbounded demand. */
    private static final class Collector implements Flow.Subscriber<LeaderResponse> {
        final LinkedBlockingQueue<String> values = new LinkedBlockingQueue<>();
        Flow.Subscription subscription;

        String next() throws InterruptedException {
            String v = values.poll(Node.WAIT_SECONDS, TimeUnit.SECONDS);
            if (v == null) {
                throw new AssertionError("no leader observed within " + Node.WAIT_SECONDS + " s");
            }
            return v;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(LeaderResponse item) {
            values.add(item.getKv().getValue().toStringUtf8());
        }

        @Override
        public void onError(Throwable t) {
            values.add("error: " + t.getMessage());
        }

        @Override
        public void onComplete() {
            values.add("completed");
        }
    }
}
