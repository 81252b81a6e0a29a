package io.ketch.v3.grpc.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.WatchGrpc;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.WatchListener;
import io.ketch.spi.etcd.WatchService;
import io.ketch.spi.etcd.WatchStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * etcdserverpb.Watch over a {@link WatchService}: one client stream is one {@link WatchStream}.
 * The call's flow-control readiness is the listener's {@link WatchListener#isReady()}, so a client
 * that stops reading makes its watchers victims in the service instead of filling memory here. As
 * in etcd, the client half-closing its side does not end the stream; cancelling the call does.
 */
public final class WatchGrpcService extends WatchGrpc.WatchImplBase {
    private final WatchService watch;
    private final Map<CallListener, WatchStream> open = new ConcurrentHashMap<>();

    /** @param watch the Watch implementation (server core or proxy) */
    public WatchGrpcService(WatchService watch) {
        this.watch = watch;
    }

    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> observer) {
        ServerCallStreamObserver<WatchResponse> call = (ServerCallStreamObserver<WatchResponse>) observer;
        CallListener listener = new CallListener(call);
        WatchStream stream = watch.open(CallerInterceptor.current(), listener);
        open.put(listener, stream);
        // the SPI has no "ready again" call: an empty request (a no-op in etcd's recvLoop) tells the
        // service to retry this client's victims now rather than at its next periodic retry
        call.setOnReadyHandler(() -> stream.send(WatchRequest.getDefaultInstance()));
        call.setOnCancelHandler(() -> {
            open.remove(listener);
            stream.close();
        });
        return new StreamObserver<>() {
            @Override
            public void onNext(WatchRequest request) {
                stream.send(request);
            }

            @Override
            public void onError(Throwable t) {
                open.remove(listener);
                stream.close();
            }

            @Override
            public void onCompleted() {
                // etcd's recvLoop returns on EOF but the stream keeps sending until the call ends
            }
        };
    }

    /**
     * Ends every open stream with etcd's "server stopped" (UNAVAILABLE) before the listeners stop:
     * a watch stream never ends by itself, and clients (jetcd, clientv3) resume a watch after
     * UNAVAILABLE but give it up after the CANCEL a forced stop would send.
     */
    public void endStreams() {
        open.forEach((listener, stream) -> {
            stream.close();
            listener.onClose(EtcdError.STOPPED.exception());
        });
        open.clear();
    }

    /** The client as the service sees it; calls are serialised because gRPC's observer is not thread-safe. */
    private static final class CallListener implements WatchListener {
        private final ServerCallStreamObserver<WatchResponse> call;
        private boolean ended;

        CallListener(ServerCallStreamObserver<WatchResponse> call) {
            this.call = call;
        }

        @Override
        public synchronized void onResponse(WatchResponse response) {
            if (!ended && !call.isCancelled()) {
                call.onNext(response);
            }
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public synchronized void onClose(Throwable error) {
            if (ended || call.isCancelled()) {
                return;
            }
            ended = true;
            if (error == null) {
                call.onCompleted();
            } else {
                call.onError(GrpcErrors.toStatus(error));
            }
        }
    }
}
