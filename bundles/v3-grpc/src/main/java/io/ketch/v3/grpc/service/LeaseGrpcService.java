package io.ketch.v3.grpc.service;

import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseGrpc;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.ketch.proto.etcdserverpb.LeaseLeasesRequest;
import io.ketch.proto.etcdserverpb.LeaseLeasesResponse;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeResponse;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.LeaseService;
import java.util.concurrent.CompletableFuture;

/**
 * etcdserverpb.Lease over a {@link LeaseService}. The keep-alive stream answers each request with
 * one renewal, in the order the requests came, as etcd's v3rpc leaseKeepAlive loop does; the first
 * failure ends the stream with its status.
 */
public final class LeaseGrpcService extends LeaseGrpc.LeaseImplBase {
    private final LeaseService lease;

    /** @param lease the Lease implementation (server core or proxy) */
    public LeaseGrpcService(LeaseService lease) {
        this.lease = lease;
    }

    @Override
    public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
        Replies.reply(() -> lease.leaseGrant(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
        Replies.reply(() -> lease.leaseRevoke(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
        Replies.reply(() -> lease.leaseTimeToLive(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void leaseLeases(LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> observer) {
        Replies.reply(() -> lease.leaseLeases(CallerInterceptor.current(), request), observer);
    }

    @Override
    public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> observer) {
        return new KeepAliveStream(lease, CallerInterceptor.current(), observer);
    }

    /**
     * One keep-alive stream: each renewal starts after the previous answer was sent, so answers
     * keep the requests' order and the observer is never called from two threads at once.
     */
    private static final class KeepAliveStream implements StreamObserver<LeaseKeepAliveRequest> {
        private final LeaseService lease;
        private final Caller caller;
        private final StreamObserver<LeaseKeepAliveResponse> observer;
        private CompletableFuture<Boolean> tail = CompletableFuture.completedFuture(true);

        KeepAliveStream(LeaseService lease, Caller caller, StreamObserver<LeaseKeepAliveResponse> observer) {
            this.lease = lease;
            this.caller = caller;
            this.observer = observer;
        }

        @Override
        public synchronized void onNext(LeaseKeepAliveRequest request) {
            tail = tail.thenCompose(open -> open ? renew(request) : CompletableFuture.completedFuture(false));
        }

        /** Renews and answers; completes with false once the stream has failed. */
        private CompletableFuture<Boolean> renew(LeaseKeepAliveRequest request) {
            CompletableFuture<LeaseKeepAliveResponse> renewed;
            try {
                renewed = lease.leaseKeepAlive(caller, request);
            } catch (RuntimeException e) {
                renewed = CompletableFuture.failedFuture(e);
            }
            return renewed.handle((response, failure) -> {
                if (failure != null) {
                    observer.onError(GrpcErrors.toStatus(failure));
                    return false;
                }
                observer.onNext(response);
                return true;
            });
        }

        @Override
        public synchronized void onError(Throwable t) {
            // the client went away: nothing left to answer
            tail = tail.thenApply(open -> false);
        }

        @Override
        public synchronized void onCompleted() {
            tail = tail.thenApply(open -> {
                if (open) {
                    observer.onCompleted();
                }
                return false;
            });
        }
    }
}
