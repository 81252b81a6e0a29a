package io.ketch.server.concurrency;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.Compare;
import io.ketch.spi.etcd.Caller;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/** Small pieces the lock and election recipes share. */
final class Recipes {
    private Recipes() {
    }

    /** clientv3.Compare(CreateRevision(key), "=", rev). */
    static Compare createRevisionIs(ByteString key, long rev) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
                .setResult(Compare.CompareResult.EQUAL).setCreateRevision(rev).build();
    }

    /**
     * Runs a recipe step under the caller's session lease (the requested one, or a new one) and
     * completes the returned future with its outcome, failures unwrapped. The step also gets that
     * future, so a client that cancels it can stop the step's waits.
     */
    static <T> CompletableFuture<T> onSession(Sessions sessions, Caller caller, long requestedLease,
            BiFunction<Long, CompletableFuture<T>, CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        sessions.lease(caller, requestedLease).thenCompose(lease -> step.apply(lease, result))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        result.completeExceptionally(cause(e));
                    } else {
                        result.complete(r);
                    }
                });
        return result;
    }

    /** The failure a future stage reports, without CompletionException wrappers. */
    static Throwable cause(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Rethrows a stage failure from inside handle(), keeping its cause visible to callers. */
    static RuntimeException rethrow(Throwable t) {
        Throwable c = cause(t);
        if (c instanceof CancellationException ce) {
            return ce;
        }
        return new CompletionException(c);
    }
}
