package io.ketch.v3.grpc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ServerServiceDefinition;
import io.ketch.proto.etcdserverpb.ClusterGrpc;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.LeaseGrpc;
import io.ketch.proto.etcdserverpb.MaintenanceGrpc;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.WatchGrpc;
import io.ketch.proto.v3lockpb.LockGrpc;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route table comes from the google.api.http options of etcd 3.4's .proto files. */
class GatewayRoutesTest {
    private static final Map<String, GatewayRoutes.Route> ROUTES = GatewayRoutes.of(List.of(
            new KVGrpc.KVImplBase() { }.bindService(),
            new WatchGrpc.WatchImplBase() { }.bindService(),
            new LeaseGrpc.LeaseImplBase() { }.bindService(),
            new ClusterGrpc.ClusterImplBase() { }.bindService(),
            new MaintenanceGrpc.MaintenanceImplBase() { }.bindService()));

    @Test
    void servesEtcdsPathsForKvWatchLeaseClusterAndMaintenance() {
        Set<String> expected = Set.of("/v3/kv/range", "/v3/kv/put", "/v3/kv/deleterange", "/v3/kv/txn",
                "/v3/kv/compaction", "/v3/watch", "/v3/lease/grant", "/v3/lease/revoke",
                "/v3/kv/lease/revoke", "/v3/lease/keepalive", "/v3/lease/timetolive",
                "/v3/kv/lease/timetolive", "/v3/lease/leases", "/v3/maintenance/status",
                "/v3/maintenance/alarm", "/v3/maintenance/defragment", "/v3/maintenance/hash",
                "/v3/maintenance/snapshot", "/v3/maintenance/transfer-leadership",
                "/v3/cluster/member/list", "/v3/cluster/member/add", "/v3/cluster/member/remove",
                "/v3/cluster/member/update", "/v3/cluster/member/promote");
        assertTrue(ROUTES.keySet().containsAll(expected), "missing: " + difference(expected, ROUTES.keySet()));
    }

    @Test
    void additionalBindingCallsTheSameMethod() {
        assertEquals(ROUTES.get("/v3/lease/revoke").method().getMethodDescriptor().getFullMethodName(),
                ROUTES.get("/v3/kv/lease/revoke").method().getMethodDescriptor().getFullMethodName());
    }

    @Test
    void routeKnowsItsRequestTypeAndStreaming() {
        assertEquals(RangeRequest.getDefaultInstance(), ROUTES.get("/v3/kv/range").prototype());
        assertFalse(ROUTES.get("/v3/kv/range").serverStreaming());
        assertTrue(ROUTES.get("/v3/watch").clientStreaming());
        assertTrue(ROUTES.get("/v3/maintenance/snapshot").serverStreaming());
        assertFalse(ROUTES.get("/v3/maintenance/snapshot").clientStreaming());
    }

    @Test
    void lockServiceGetsItsPathsWhenBound() {
        Map<String, GatewayRoutes.Route> routes = GatewayRoutes.of(List.of(new LockGrpc.LockImplBase() { }.bindService()));
        assertEquals(Set.of("/v3/lock/lock", "/v3/lock/unlock"), routes.keySet());
    }

    @Test
    void serviceWithoutHttpOptionsAddsNoRoute() {
        ServerServiceDefinition plain = ServerServiceDefinition.builder("plain.Service").build();
        assertTrue(GatewayRoutes.of(List.of(plain)).isEmpty());
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(s -> !b.contains(s)).collect(java.util.stream.Collectors.toSet());
    }
}
