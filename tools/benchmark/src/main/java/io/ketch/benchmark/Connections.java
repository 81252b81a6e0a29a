package io.ketch.benchmark;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.ketch.proto.etcdserverpb.MaintenanceGrpc;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC connections of a run: {@code --conns} channels spread over the endpoints (or all to the
 * leader with {@code --target-leader}), and {@code --clients} clients sharing them round robin, as
 * etcd's {@code mustCreateClients}. Plain text HTTP/2; traffic goes only to the given endpoints.
 */
public final class Connections implements AutoCloseable {

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final int clients;

    /**
     * @param endpoints {@code host:port} or {@code http://host:port}
     * @param conns how many channels to open
     * @param clients how many clients share them
     * @param targetLeader connect only to the endpoint that reports itself leader
     */
    public Connections(List<String> endpoints, int conns, int clients, boolean targetLeader) {
        this(endpoints, conns, clients, targetLeader, 0);
    }

    /**
     * As above; connects every channel before the run so that connection setup is not timed as
     * the first requests' latency.
     *
     * @param dialTimeoutMillis with a positive value, a channel not connected by then is an error
     *     (etcd's {@code --dial-timeout}); with 0, connecting is given {@value #SOFT_DIAL_MILLIS} ms
     *     and the run goes on regardless (its requests then fail and are counted)
     */
    public Connections(List<String> endpoints, int conns, int clients, boolean targetLeader, long dialTimeoutMillis) {
        if (endpoints.isEmpty() || conns <= 0 || clients <= 0) {
            throw new IllegalArgumentException("need at least one endpoint, connection and client");
        }
        List<String> targets = new ArrayList<>();
        for (String e : endpoints) {
            targets.add(target(e));
        }
        if (targetLeader) {
            targets = List.of(leader(targets));
        }
        for (int i = 0; i < conns; i++) {
            channels.add(open(targets.get(i % targets.size())));
        }
        this.clients = clients;
        for (ManagedChannel ch : channels) {
            boolean ready = awaitReady(ch, dialTimeoutMillis > 0 ? dialTimeoutMillis : SOFT_DIAL_MILLIS);
            if (!ready && dialTimeoutMillis > 0) {
                close();
                throw new IllegalStateException("dial error: context deadline exceeded");
            }
        }
    }

    /** How long channels are given to connect when no dial timeout is set. */
    static final long SOFT_DIAL_MILLIS = 5000;

    private static boolean awaitReady(ManagedChannel ch, long timeoutMillis) {
        CountDownLatch ready = new CountDownLatch(1);
        follow(ch, ready);
        try {
            return ready.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the channel to connect and follows its state until it is READY (or shut down). */
    private static void follow(ManagedChannel ch, CountDownLatch ready) {
        ConnectivityState state = ch.getState(true);
        if (state == ConnectivityState.READY) {
            ready.countDown();
        } else if (state != ConnectivityState.SHUTDOWN && ready.getCount() > 0) {
            ch.notifyWhenStateChanged(state, () -> follow(ch, ready));
        }
    }

    /** How many clients there are. */
    public int clients() {
        return clients;
    }

    /** The channel client {@code i} uses. */
    public ManagedChannel client(int i) {
        return channels.get(i % channels.size());
    }

    /** {@code host:port} of an endpoint as etcd's flags spell it. */
    static String target(String endpoint) {
        String e = endpoint.trim();
        int scheme = e.indexOf("://");
        if (scheme >= 0) {
            e = e.substring(scheme + 3);
        }
        if (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e;
    }

    private static ManagedChannel open(String target) {
        return NettyChannelBuilder.forTarget(target).usePlaintext()
                .maxInboundMessageSize(Integer.MAX_VALUE).build();
    }

    /** The endpoint whose Status says it is the leader (its member id is the leader id). */
    private static String leader(List<String> targets) {
        for (String t : targets) {
            ManagedChannel ch = open(t);
            try {
                StatusResponse s = MaintenanceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .status(StatusRequest.getDefaultInstance());
                if (s.getLeader() != 0 && s.getLeader() == s.getHeader().getMemberId()) {
                    return t;
                }
            } catch (RuntimeException e) {
                // An endpoint that does not answer is not the leader; try the next.
            } finally {
                ch.shutdownNow();
            }
        }
        throw new IllegalStateException("no leader found among " + targets);
    }

    @Override
    public void close() {
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        for (ManagedChannel ch : channels) {
            try {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
