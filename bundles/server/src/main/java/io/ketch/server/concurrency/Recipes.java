package io.ketch.server.concurrency;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.Compare;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** Small pieces the lock and election recipes share. */
final class Recipes {
    private Recipes() {
    }

    /** clientv3.Compare(CreateRevision(key), "=", rev). */
    static Compare createRevisionIs(ByteString key, long rev) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
                .setResult(Compare.CompareResult.EQUAL).setCreateRevision(rev).build();
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
