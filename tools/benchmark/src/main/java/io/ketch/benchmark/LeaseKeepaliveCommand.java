package io.ketch.benchmark;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrpc;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code benchmark lease-keepalive}: each client grants one lease (TTL 100 s) and then sends
 * keep-alives for it, one at a time, timing each request/response round trip on its
 * LeaseKeepAlive stream.
 */
@Command(name = "lease-keepalive", description = "Benchmark lease keepalive")
final class LeaseKeepaliveCommand implements Callable<Integer> {

    @ParentCommand
    BenchmarkMain root;

    @Option(names = "--total", defaultValue = "10000", description = "Total number of lease keepalive requests")
    int total;

    @Override
    public Integer call() {
        // LoadRunner runs each client on its own thread: a thread's lease is its client's.
        ThreadLocal<KeepAlive> mine = new ThreadLocal<>();
        try (Connections conns = root.connect()) {
            Report report = new LoadRunner(conns, root.seed()).run("lease-keepalive", total, 0, root.forPeople(),
                    (ch, i, random) -> {
                        KeepAlive k = mine.get();
                        if (k == null) {
                            // Granting is part of the client's first request, as in etcd.
                            k = new KeepAlive(ch);
                            mine.set(k);
                        }
                        k.once();
                    });
            root.print("lease-keepalive", null, report.stats());
            return 0;
        }
    }

    /** One client's lease and keep-alive stream. */
    private static final class KeepAlive {
        private final long id;
        private final LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
        private final StreamObserver<LeaseKeepAliveRequest> requests;

        KeepAlive(ManagedChannel ch) {
            id = LeaseGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(100).build()).getID();
            requests = LeaseGrpc.newStub(ch).leaseKeepAlive(new StreamObserver<>() {
                @Override
                public void onNext(LeaseKeepAliveResponse r) {
                    replies.add(r);
                }

                @Override
                public void onError(Throwable t) {
                    replies.add(t);
                }

                @Override
                public void onCompleted() {
                    replies.add(new IllegalStateException("keepalive stream closed"));
                }
            });
        }

        void once() throws Exception {
            requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
            Object r = replies.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new TimeoutException("no keepalive response in 10s");
            }
            if (r instanceof Exception e) {
                replies.add(r);
                throw e;
            }
            if (((LeaseKeepAliveResponse) r).getTTL() <= 0) {
                throw new IllegalStateException("etcdserver: requested lease not found");
            }
        }
    }
}
