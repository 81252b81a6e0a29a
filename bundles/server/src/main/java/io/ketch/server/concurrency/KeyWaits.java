package io.ketch.server.concurrency;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.WatchListener;
import io.ketch.spi.etcd.WatchService;
import io.ketch.spi.etcd.WatchStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The waits of etcd's clientv3/concurrency recipes (key.go), on the KV and Watch services: wait for
 * one key's deletion, and for every key under a prefix created before a revision to be deleted.
 * Cancelling a returned future closes its watch.
 */
final class KeyWaits {
    private final KvService kv;
    private final WatchService watch;

    KeyWaits(KvService kv, WatchService watch) {
        this.kv = kv;
        this.watch = watch;
    }

    /** The end of the range holding every key that starts with prefix (clientv3.GetPrefixRangeEnd). */
    static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if ((end[i] & 0xff) < 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return ByteString.copyFrom(new byte[] {0}); // no upper bound: every key past the prefix
    }

    /** clientv3's WithFirstCreate on a prefix: the oldest key under it. */
    static RangeRequest firstCreate(ByteString prefix) {
        return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix)).setLimit(1)
                .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.ASCEND).build();
    }

    /** waitDeletes: until no key under the prefix has a create revision up to maxCreateRev. */
    CompletableFuture<ResponseHeader> waitDeletes(Caller caller, ByteString prefix, long maxCreateRev) {
        RangeRequest newest = RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix)).setLimit(1)
                .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.DESCEND)
                .setMaxCreateRevision(maxCreateRev).build();
        CompletableFuture<ResponseHeader> result = new CompletableFuture<>();
        step(caller, newest, result);
        return result;
    }

    private void step(Caller caller, RangeRequest newest, CompletableFuture<ResponseHeader> result) {
        if (result.isDone()) {
            return;
        }
        kv.range(caller, newest).whenComplete((resp, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (resp.getKvsCount() == 0) {
                result.complete(resp.getHeader());
            } else {
                CompletableFuture<Void> deleted = waitDelete(caller, resp.getKvs(0).getKey(),
                        resp.getHeader().getRevision());
                result.whenComplete((r, e) -> deleted.cancel(false));
                deleted.whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        step(caller, newest, result);
                    }
                });
            }
        });
    }

    /** waitDelete: completes at the first DELETE of the key at or after rev. */
    CompletableFuture<Void> waitDelete(Caller caller, ByteString key, long rev) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        watchFrom(caller, WatchCreateRequest.newBuilder().setKey(key).setStartRevision(rev).build(), resp -> {
            for (Event e : resp.getEventsList()) {
                if (e.getType() == Event.EventType.DELETE) {
                    done.complete(null);
                    return true;
                }
            }
            return false;
        }, done);
        return done;
    }

    /**
     * Opens a watch and feeds its event responses to the handler until the future completes (the
     * handler completes it); a cancelled watch fails the future as clientv3 reports it.
     */
    <T> void watchFrom(Caller caller, WatchCreateRequest create, Predicate<WatchResponse> handler,
            CompletableFuture<T> done) {
        WatchStream[] stream = new WatchStream[1];
        WatchListener listener = new WatchListener() {
            @Override
            public void onResponse(WatchResponse response) {
                if (done.isDone()) {
                    return;
                }
                if (response.getCanceled()) {
                    done.completeExceptionally(response.getCompactRevision() > 0
                            ? EtcdError.COMPACTED.exception() : lost(response.getCancelReason()));
                } else if (response.getEventsCount() > 0) {
                    handler.test(response);
                }
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void onClose(Throwable error) {
                done.completeExceptionally(error != null ? error : lost(""));
            }
        };
        WatchStream s = watch.open(caller, listener);
        done.whenComplete((r, e) -> s.close());
        s.send(WatchRequest.newBuilder().setCreateRequest(create).build());
    }

    private static EtcdException lost(String reason) {
        return new EtcdException(EtcdError.Code.UNKNOWN,
                reason.isEmpty() ? "lost watcher waiting for delete" : reason);
    }
}
