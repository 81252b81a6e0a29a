package io.ketch.raft.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ids checked against a real etcd 3.4.23 started with --name default and default URLs (member list -w json). */
class MemberIdsTest {
    @Test
    void memberIdMatchesEtcdDefaultMember() {
        assertEquals(Long.parseUnsignedLong("10276657743932975437"),
                MemberIds.memberId(List.of("http://localhost:2380"), "etcd-cluster", null));
        assertEquals("8e9e05c52164694d", Long.toHexString(MemberIds.memberId(List.of("http://localhost:2380"), "etcd-cluster", null)));
    }

    @Test
    void clusterIdMatchesEtcdDefaultCluster() {
        long member = MemberIds.memberId(List.of("http://localhost:2380"), "etcd-cluster", null);
        assertEquals(Long.parseUnsignedLong("14841639068965178418"), MemberIds.clusterId(List.of(member)));
    }

    @Test
    void initialClusterGroupsUrlsByName() {
        assertEquals(List.of("http://a:2380", "http://b:2380"),
                InitialCluster.parse("n1=http://a:2380,n1=http://b:2380,n2=http://c:2380").get("n1"));
    }

    @Test
    void memberJsonRoundTrips() {
        var m = new io.ketch.spi.consensus.Member(Long.parseUnsignedLong("10276657743932975437"), "default",
                List.of("http://localhost:2380"), List.of(), false);
        String json = MembershipCodec.toJson(m);
        assertEquals("{\"id\":10276657743932975437,\"peerURLs\":[\"http://localhost:2380\"],\"name\":\"default\"}", json);
        assertEquals(m, MembershipCodec.fromJson(json));
    }
}
