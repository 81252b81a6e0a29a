package io.ketch.v3.grpc.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.v3electionpb.CampaignRequest;
import io.ketch.proto.v3electionpb.CampaignResponse;
import io.ketch.proto.v3electionpb.ElectionGrpc;
import io.ketch.proto.v3electionpb.LeaderRequest;
import io.ketch.proto.v3electionpb.LeaderResponse;
import io.ketch.proto.v3electionpb.ProclaimRequest;
import io.ketch.proto.v3electionpb.ProclaimResponse;
import io.ketch.proto.v3electionpb.ResignRequest;
import io.ketch.proto.v3electionpb.ResignResponse;
import io.ketch.spi.etcd.ElectionService;
import java.util.concurrent.Flow;

/**
 * v3electionpb.Election over an {@link ElectionService}. Observe streams each leader response the
 * service publishes until the client cancels; a cancelled Campaign cancels the service's future.
 */
public final class ElectionGrpcService extends ElectionGrpc.ElectionImplBase {
    private final ElectionService elections;

    /** @param elections the Election implementation (server core or proxy) */
    public ElectionGrpcService(ElectionService elections) {
        this.elections = elections;
    }

    @Override
    public void campaign(CampaignRequest request, StreamObserver<CampaignResponse> observer) {
        Replies.reply(() -> LockGrpcService.cancelledWithCall(
                elections.campaign(CallerInterceptor.current(), request), observer), observer);
    }

    @Override
    public void proclaim(ProclaimRequest request, StreamObserver<ProclaimResponse> observer) {
        Replies.reply(() -> elections.proclaim(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void leader(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        Replies.reply(() -> elections.leader(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void resign(ResignRequest request, StreamObserver<ResignResponse> observer) {
        Replies.reply(() -> elections.resign(CallerInterceptor.current(), request), observer);
    }

    @Override
    public void observe(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        Flow.Publisher<LeaderResponse> publisher;
        try {
            publisher = elections.observe(CallerInterceptor.current(), request);
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        ServerCallStreamObserver<LeaderResponse> call = (ServerCallStreamObserver<LeaderResponse>) observer;
        ObserveStream stream = new ObserveStream(call);
        // grpc takes the cancel handler only now, while a publisher may subscribe later
        call.setOnCancelHandler(stream::cancel);
        publisher.subscribe(stream);
    }

    /** Forwards published responses to the call until either side ends it. */
    private static final class ObserveStream implements Flow.Subscriber<LeaderResponse> {
        private final ServerCallStreamObserver<LeaderResponse> call;
        private boolean cancelled;
        private Flow.Subscription subscription;

        ObserveStream(ServerCallStreamObserver<LeaderResponse> call) {
            this.call = call;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean gone;
            synchronized (this) {
                subscription = s;
                gone = cancelled;
            }
            if (gone) {
                s.cancel();
            } else {
                // leader changes are rare and small: no need to hold them back for the transport
                s.request(Long.MAX_VALUE);
            }
        }

        /** The client went away. */
        void cancel() {
            Flow.Subscription s;
            synchronized (this) {
                cancelled = true;
                s = subscription;
            }
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public synchronized void onNext(LeaderResponse item) {
            if (!cancelled) {
                call.onNext(item);
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            if (!cancelled) {
                call.onError(GrpcErrors.toStatus(t));
            }
        }

        @Override
        public synchronized void onComplete() {
            if (!cancelled) {
                call.onCompleted();
            }
        }
    }
}
