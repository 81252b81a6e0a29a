package io.ketch.spi.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.Compare;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.mvccpb.KeyValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up shared by the {@link KvService} contract tests: a fresh, empty service (a one-member
 * cluster at revision 1) before each test, and helpers that build etcd requests. Extend
 * {@link KvServiceContract}.
 */
public abstract class KvFixture {
    /** Generous bound for waits that only a hang would exceed; never a timing assertion. */
    protected static final long HANG_SECONDS = 60;

    /** Who every request comes from. */
    protected static final Caller CALLER = Caller.ANONYMOUS;

    /** The service under test. */
    protected KvService kv;

    /** A fresh, empty KV service of a one-member cluster. */
    protected abstract KvService openKv() throws Exception;

    /** The same member's maintenance service, or null when the implementation has none. */
    protected MaintenanceService maintenance() {
        return null;
    }

    /** Releases what {@link #openKv()} made; nothing by default. */
    protected void closeKv() throws Exception {
    }

    @BeforeEach
    final void openService() throws Exception {
        kv = openKv();
    }

    @AfterEach
    final void closeService() throws Exception {
        closeKv();
    }

    protected static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    /** The value of a future that must succeed. */
    protected static <T> T join(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** Asserts the future failed with exactly this etcd error: its gRPC code and its message. */
    protected static void assertFailsWith(EtcdError expected, CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(HANG_SECONDS, TimeUnit.SECONDS));
        EtcdException etcd = assertInstanceOf(EtcdException.class, e.getCause(), "not an etcd error: " + e.getCause());
        assertEquals(expected.message(), etcd.getMessage());
        assertEquals(expected.code(), etcd.code(), expected.message());
    }

    protected final PutResponse put(String key, String value) throws Exception {
        return join(kv.put(CALLER, PutRequest.newBuilder().setKey(bs(key)).setValue(bs(value)).build()));
    }

    /** Puts each key with the value "v" + key, one revision each; returns the last revision. */
    protected final long putAll(String... keys) throws Exception {
        long rev = 0;
        for (String k : keys) {
            rev = put(k, "v" + k).getHeader().getRevision();
        }
        return rev;
    }

    protected final RangeResponse range(RangeRequest.Builder request) throws Exception {
        return join(kv.range(CALLER, request.build()));
    }

    protected final RangeResponse get(String key) throws Exception {
        return range(RangeRequest.newBuilder().setKey(bs(key)));
    }

    /** A range over [key, end). */
    protected static RangeRequest.Builder between(String key, String end) {
        return RangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(bs(end));
    }

    /** A range over every key. */
    protected static RangeRequest.Builder all() {
        return between("\0", "\0");
    }

    protected final DeleteRangeResponse delete(DeleteRangeRequest.Builder request) throws Exception {
        return join(kv.deleteRange(CALLER, request.build()));
    }

    protected final TxnResponse txn(TxnRequest.Builder request) throws Exception {
        return join(kv.txn(CALLER, request.build()));
    }

    /** The store's current revision, as a range's header reports it. */
    protected final long revision() throws Exception {
        return get("\0").getHeader().getRevision();
    }

    protected static List<String> keys(RangeResponse r) {
        return r.getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
    }

    protected static KeyValue only(RangeResponse r) {
        assertEquals(1, r.getKvsCount(), "kvs: " + keys(r));
        return r.getKvs(0);
    }

    protected static RequestOp putOp(String key, String value) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs(key)).setValue(bs(value))).build();
    }

    protected static RequestOp getOp(RangeRequest.Builder request) {
        return RequestOp.newBuilder().setRequestRange(request).build();
    }

    protected static RequestOp deleteOp(String key) {
        return RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs(key))).build();
    }

    /** A compare of one key's target with a result operator. */
    protected static Compare.Builder compare(String key, Compare.CompareTarget target, Compare.CompareResult result) {
        return Compare.newBuilder().setKey(bs(key)).setTarget(target).setResult(result);
    }
}
