package io.ketch.raft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.spi.consensus.Member;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime reconfiguration (etcd's member add/remove/promote, thesis §4) on real nodes over the real transport. */
class MembershipChangeTest {
    @TempDir
    Path dir;
    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] cmd(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object await(CompletableFuture<?> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void addedVoterJoinsWithAnEmptyDataDirAndCatchesUp() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member leader = cluster.awaitLeader();
        for (int i = 0; i < 10; i++) {
            await(leader.node.propose(cmd("before" + i)));
        }
        LocalCluster.Member joiner = cluster.joiner(dir, "m4");
        Member added = (Member) await(leader.node.addMember(joiner.listen, false));
        joiner.start();
        assertEquals(added.id(), joiner.node.memberId(), "the joiner derives the id the cluster gave it");
        LocalCluster.waitUntil(() -> joiner.applied("before9"), "the joiner applying the log from index 1");
        assertEquals(leader.node.clusterId(), joiner.node.clusterId());
        assertEquals(4, joiner.node.members().size());
        assertEquals("ok:after", await(joiner.node.propose(cmd("after"))));
        LocalCluster.waitUntil(() -> joiner.applied("after"), "the joiner applying a new write");
    }

    /** The leader compacted its log: the joiner gets a snapshot, and the membership travels with it. */
    @Test
    void joinerFromASnapshotLearnsTheMembership() throws Exception {
        cluster = new LocalCluster(dir, 3, c -> c.withSnapshotCount(5, 0));
        LocalCluster.Member leader = cluster.awaitLeader();
        for (int i = 0; i < 20; i++) {
            await(leader.node.propose(cmd("w" + i)));
        }
        LocalCluster.Member joiner = cluster.joiner(dir, "m4");
        await(leader.node.addMember(joiner.listen, false));
        // a member removed after the joiner's flags were written: only the snapshot can tell it
        LocalCluster.Member gone = cluster.members.values().stream()
                .filter(m -> m != leader && m != joiner).findFirst().orElseThrow();
        await(leader.node.removeMember(gone.node.memberId()));
        gone.stop();
        for (int i = 20; i < 30; i++) {
            await(leader.node.propose(cmd("w" + i)));
        }
        joiner.start();
        LocalCluster.waitUntil(() -> joiner.applied("w29"), "the joiner catching up");
        assertTrue(joiner.sm.restoredAt > 0, "caught up by snapshot, restored at " + joiner.sm.restoredAt);
        assertEquals(3, leader.node.members().size());
        assertEquals(leader.node.members().stream().map(Member::id).sorted().toList(),
                joiner.node.members().stream().map(Member::id).sorted().toList());
        assertTrue(joiner.node.members().stream().filter(m -> m.id() != joiner.node.memberId())
                .allMatch(m -> m.name().startsWith("m")), "names from the snapshot: " + joiner.node.members());
    }

    @Test
    void removedMemberStopsItself() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member leader = cluster.awaitLeader();
        LocalCluster.Member removed = cluster.aFollower();
        // a new leader takes conf changes once its first entry applied (one change at a time, §6)
        await(leader.node.propose(cmd("settled")));
        await(leader.node.removeMember(removed.node.memberId()));
        LocalCluster.waitUntil(() -> removed.node.stopped(), "the removed member stopping");
        assertEquals("ok:after", await(leader.node.propose(cmd("after"))));
    }

    @Test
    void leaderRemovingItselfStopsAndTheOthersElectANewLeader() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member leader = cluster.awaitLeader();
        await(leader.node.propose(cmd("settled")));
        await(leader.node.removeMember(leader.node.memberId()));
        LocalCluster.waitUntil(() -> leader.node.stopped(), "the removed leader stopping");
        leader.stop();
        LocalCluster.Member next = cluster.awaitLeader();
        assertEquals("ok:after", await(next.node.propose(cmd("after"))));
        assertEquals(2, next.node.members().size());
    }

    @Test
    void learnerIsPromotedOnceInSync() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member leader = cluster.awaitLeader();
        for (int i = 0; i < 10; i++) {
            await(leader.node.propose(cmd("w" + i)));
        }
        LocalCluster.Member learner = cluster.joiner(dir, "m4");
        Member added = (Member) await(leader.node.addMember(learner.listen, true));
        assertTrue(added.learner());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(leader.node.promoteMember(added.id())));
        assertEquals("etcdserver: can only promote a learner member which is in sync with leader", e.getCause().getMessage());
        learner.start();
        LocalCluster.waitUntil(() -> learner.applied("w9"), "the learner catching up");
        assertTrue(learner.node.status().learner());
        // the learner applied the log; the leader hears its acknowledgement a little later (etcdctl retries too)
        LocalCluster.waitUntil(() -> leader.node.promoteMember(added.id()).handle((ok, err) -> err == null).join(),
                "the leader seeing the learner in sync");
        LocalCluster.waitUntil(() -> !learner.node.status().learner(), "the learner applying its promotion");
        assertFalse(leader.node.members().stream().anyMatch(Member::learner));
    }
}
