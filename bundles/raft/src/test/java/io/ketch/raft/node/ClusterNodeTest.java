package io.ketch.raft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.raft.membership.MemberIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real RaftNodes over the real localhost transport in one JVM. */
class ClusterNodeTest {
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

    private static Object await(java.util.concurrent.CompletableFuture<?> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void membersShareTheClusterIdDerivedFromAllMembers() throws Exception {
        cluster = new LocalCluster(dir, 3);
        List<Long> ids = cluster.members.values().stream()
                .map(m -> MemberIds.memberId(m.listen, "local-cluster", null)).toList();
        for (LocalCluster.Member m : cluster.members.values()) {
            assertEquals(MemberIds.clusterId(ids), m.node.clusterId(), m.name);
            assertEquals(3, m.node.members().size(), m.name);
        }
    }

    @Test
    void proposalOnAFollowerIsAppliedEverywhere() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member follower = cluster.aFollower();
        assertEquals("ok:from follower", await(follower.node.propose(cmd("from follower"))));
        for (LocalCluster.Member m : cluster.members.values()) {
            LocalCluster.waitUntil(() -> m.applied("from follower"), m.name + " applying the follower's proposal");
        }
    }

    @Test
    void readIndexOnAFollowerCoversAnAcknowledgedWrite() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member leader = cluster.awaitLeader();
        await(leader.node.propose(cmd("written")));
        LocalCluster.Member follower = cluster.aFollower();
        long index = (Long) await(follower.node.readIndex());
        // the read completes only once the follower applied up to the confirmed index
        assertTrue(follower.applied("written"), "a linearizable read on " + follower.name + " at " + index + " must see the write");
    }

    @Test
    void leaderLossElectsANewLeaderAndTheOldOneCatchesUp() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member old = cluster.awaitLeader();
        await(old.node.propose(cmd("before")));
        old.stop();
        LocalCluster.Member leader = cluster.awaitLeader();
        assertNotEquals(old, leader);
        LocalCluster.Member survivor = cluster.aFollower();
        assertEquals("ok:after", await(survivor.node.propose(cmd("after"))));
        old.start();
        LocalCluster.waitUntil(() -> old.applied("after"), "the restarted member catching up");
        assertEquals("ok:back", await(old.node.propose(cmd("back"))));
    }

    /** Conf changes are forwarded like proposals: a follower's member remove reaches every member. */
    @Test
    void memberRemovedThroughAFollowerLeavesEveryMembership() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member leader = cluster.awaitLeader();
        LocalCluster.Member follower = cluster.aFollower();
        LocalCluster.Member removed = cluster.members.values().stream()
                .filter(m -> m != leader && m != follower).findFirst().orElseThrow();
        await(follower.node.removeMember(removed.node.memberId()));
        for (LocalCluster.Member m : List.of(leader, follower)) {
            LocalCluster.waitUntil(() -> m.node.members().size() == 2, m.name + " dropping the removed member");
            assertTrue(m.node.members().stream().noneMatch(x -> x.id() == removed.node.memberId()), m.name);
        }
        assertEquals("ok:still", await(follower.node.propose(cmd("still"))));
    }

    /** A member that fell behind a compacted log is sent the leader's snapshot over the transport. */
    @Test
    void memberBehindACompactedLogCatchesUpFromASnapshot() throws Exception {
        cluster = new LocalCluster(dir, 3, c -> c.withSnapshotCount(5, 0));
        LocalCluster.Member follower = cluster.aFollower();
        follower.stop();
        LocalCluster.Member leader = cluster.awaitLeader();
        for (int i = 0; i < 20; i++) {
            await(leader.node.propose(cmd("w" + i)));
        }
        follower.start();
        LocalCluster.waitUntil(() -> follower.applied("w19"), follower.name + " catching up");
        assertTrue(follower.sm.restoredAt > 0, "caught up by snapshot, restored at " + follower.sm.restoredAt);
    }

    /** etcd's move-leader: the leader hands over to a follower, which every member then follows. */
    @Test
    void transferMovesLeadershipToTheTarget() throws Exception {
        cluster = new LocalCluster(dir, 3);
        LocalCluster.Member leader = cluster.awaitLeader();
        LocalCluster.Member target = cluster.aFollower();
        await(leader.node.transferLeadership(target.node.memberId()));
        assertEquals(target, cluster.awaitLeader());
        assertEquals("ok:after transfer", await(leader.node.propose(cmd("after transfer"))));
    }
}
