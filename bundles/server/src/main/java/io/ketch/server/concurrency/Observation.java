package io.ketch.server.concurrency;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.proto.v3electionpb.LeaderResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.KvService;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One Observe subscription, clientv3/concurrency's Election.observe: report the oldest key under
 * the prefix (waiting for the first put when there is none), then each put to it until it is
 * deleted, then start over. A failed read or watch ends the stream normally, as etcd's does.
 * Responses wait in a queue for the subscriber's demand.
 */
final class Observation implements Flow.Subscription {
    private final KvService kv;
    private final KeyWaits waits;
    private final Caller caller;
    private final ByteString prefix;
    private final Flow.Subscriber<? super LeaderResponse> subscriber;
    private final ArrayDeque<LeaderResponse> queue = new ArrayDeque<>();
    private long demand;
    private boolean ended;
    private boolean completed;
    private CompletableFuture<Void> watching;

    Observation(KvService kv, KeyWaits waits, Caller caller, ByteString prefix,
            Flow.Subscriber<? super LeaderResponse> subscriber) {
        this.kv = kv;
        this.waits = waits;
        this.caller = caller;
        this.prefix = prefix;
        this.subscriber = subscriber;
    }

    void start() {
        subscriber.onSubscribe(this);
        cycle();
    }

    private void cycle() {
        if (isEnded()) {
            return;
        }
        kv.range(caller, KeyWaits.firstCreate(prefix)).whenComplete((resp, failure) -> {
            if (failure != null) {
                finish();
            } else if (resp.getKvsCount() == 0) {
                awaitFirstPut(resp.getHeader().getRevision());
            } else {
                emit(resp.getHeader(), resp.getKvs(0));
                follow(resp.getKvs(0).getKey(), resp.getHeader().getRevision() + 1);
            }
        });
    }

    private void awaitFirstPut(long rev) {
        CompletableFuture<Void> w = watch();
        waits.watchFrom(caller, WatchCreateRequest.newBuilder().setKey(prefix)
                .setRangeEnd(KeyWaits.prefixEnd(prefix)).setStartRevision(rev).build(), resp -> {
                    for (Event e : resp.getEventsList()) {
                        if (e.getType() == Event.EventType.PUT) {
                            // the header names the put's revision, not the batch's last
                            ResponseHeader h = resp.getHeader().toBuilder().setRevision(e.getKv().getModRevision()).build();
                            w.complete(null);
                            emit(h, e.getKv());
                            follow(e.getKv().getKey(), h.getRevision() + 1);
                            return true;
                        }
                    }
                    return false;
                }, w);
    }

    private void follow(ByteString key, long rev) {
        CompletableFuture<Void> w = watch();
        waits.watchFrom(caller, WatchCreateRequest.newBuilder().setKey(key).setStartRevision(rev).build(), resp -> {
            for (Event e : resp.getEventsList()) {
                if (e.getType() == Event.EventType.DELETE) {
                    w.complete(null);
                    cycle();
                    return true;
                }
                emit(resp.getHeader(), e.getKv());
            }
            return false;
        }, w);
    }

    /** A new watch's lifetime; its failure (not its normal completion) ends the stream. */
    private CompletableFuture<Void> watch() {
        CompletableFuture<Void> w = new CompletableFuture<>();
        synchronized (this) {
            watching = w;
            if (ended) {
                w.cancel(false);
            }
        }
        w.whenComplete((v, e) -> {
            if (e != null) {
                finish();
            }
        });
        return w;
    }

    private synchronized boolean isEnded() {
        return ended;
    }

    private void emit(ResponseHeader header, KeyValue kv) {
        synchronized (this) {
            if (ended) {
                return;
            }
            queue.add(LeaderResponse.newBuilder().setHeader(header).setKv(kv).build());
        }
        drain();
    }

    private void finish() {
        synchronized (this) {
            ended = true;
        }
        drain();
    }

    /** Delivers what demand allows; completion comes after the queued responses. */
    private synchronized void drain() {
        while (demand > 0 && !queue.isEmpty()) {
            demand--;
            subscriber.onNext(queue.poll());
        }
        if (ended && queue.isEmpty() && !completed) {
            completed = true;
            subscriber.onComplete();
        }
    }

    @Override
    public void request(long n) {
        synchronized (this) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        drain();
    }

    @Override
    public void cancel() {
        CompletableFuture<Void> w;
        synchronized (this) {
            ended = true;
            completed = true; // a cancelled subscriber hears nothing more
            queue.clear();
            w = watching;
        }
        if (w != null) {
            w.cancel(false);
        }
    }
}
