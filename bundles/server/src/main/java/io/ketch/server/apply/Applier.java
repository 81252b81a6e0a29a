package io.ketch.server.apply;

import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.CompactionResponse;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.server.lease.Lessor;
import io.ketch.server.mvcc.KeyRange;
import io.ketch.server.mvcc.KvView;
import io.ketch.server.mvcc.MvccStore;
import io.ketch.server.mvcc.MvccWriter;
import io.ketch.server.mvcc.RangeOptions;
import io.ketch.server.mvcc.RangeResult;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.storage.WriteTxn;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's applierV3backend for the key space: put, delete, txn and compaction on an {@link MvccStore}
 * inside the batch's backend write transaction. Errors are {@code EtcdException}s thrown before
 * anything is written, so a failed request leaves no trace.
 */
public final class Applier {
    private final MvccStore store;
    private final Lessor lessor;
    private final List<Event> pending = new ArrayList<>();

    /** An applier over a store without leases: any lease on a put is not found. */
    public Applier(MvccStore store) {
        this(store, null);
    }

    /** An applier over a store whose keys may be attached to the lessor's leases. */
    public Applier(MvccStore store, Lessor lessor) {
        this.store = store;
        this.lessor = lessor;
    }

    /** Takes the watch events of everything applied since the last call, in revision order. */
    List<Event> drainEvents() {
        List<Event> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** A put on its own: one write transaction. */
    public PutResponse put(WriteTxn tx, PutRequest p) {
        MvccWriter w = store.write(tx, pending);
        checkLease(p.getLease());
        PutResponse resp = put(w, p);
        w.end();
        return resp;
    }

    /** A put inside a write transaction (etcd's Put with a txn). */
    PutResponse put(MvccWriter w, PutRequest p) {
        PutResponse.Builder resp = PutResponse.newBuilder();
        KeyValue prev = null;
        if (p.getIgnoreValue() || p.getIgnoreLease() || p.getPrevKv()) {
            RangeResult rr = w.range(p.getKey().toByteArray(), null, RangeOptions.ALL);
            prev = rr.kvs().isEmpty() ? null : rr.kvs().get(0);
        }
        if ((p.getIgnoreValue() || p.getIgnoreLease()) && prev == null) {
            throw EtcdError.KEY_NOT_FOUND.exception();
        }
        var value = p.getIgnoreValue() ? prev.getValue() : p.getValue();
        long lease = p.getIgnoreLease() ? prev.getLease() : p.getLease();
        if (p.getPrevKv() && prev != null) {
            resp.setPrevKv(prev);
        }
        long rev = w.put(p.getKey().toByteArray(), value, lease);
        return resp.setHeader(ResponseHeader.newBuilder().setRevision(rev)).build();
    }

    /** etcd's checkRequestPut for a put inside a txn, before anything is written. */
    void checkPut(KvView view, PutRequest p) {
        if (p.getIgnoreValue() || p.getIgnoreLease()) {
            if (view.range(p.getKey().toByteArray(), null, RangeOptions.ALL).kvs().isEmpty()) {
                throw EtcdError.KEY_NOT_FOUND.exception();
            }
        }
        checkLease(p.getLease());
    }

    /** etcd's lessor.Lookup before a put: the lease must exist. */
    private void checkLease(long lease) {
        if (lease != 0 && (lessor == null || !lessor.exists(lease))) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
        }
    }

    /** etcd's LeaseGrant apply: the lease, with the TTL it got, at the current revision. */
    public LeaseGrantResponse grantLease(WriteTxn tx, LeaseGrantRequest r) {
        if (lessor == null) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
        }
        long ttl = lessor.grant(tx, r.getID(), r.getTTL());
        return LeaseGrantResponse.newBuilder().setID(r.getID()).setTTL(ttl)
                .setHeader(ResponseHeader.newBuilder().setRevision(store.currentRevision())).build();
    }

    /** etcd's LeaseRevoke apply: every attached key deleted in one revision, then the lease. */
    public LeaseRevokeResponse revokeLease(WriteTxn tx, LeaseRevokeRequest r) {
        if (lessor == null) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
        }
        List<com.google.protobuf.ByteString> keys = lessor.keysOf(r.getID());
        MvccWriter w = store.write(tx, pending);
        for (com.google.protobuf.ByteString key : keys) {
            w.deleteRange(key.toByteArray(), null);
        }
        w.end();
        lessor.revoked(tx, r.getID());
        return LeaseRevokeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(store.currentRevision())).build();
    }

    /** A delete on its own: one write transaction. */
    public DeleteRangeResponse deleteRange(WriteTxn tx, DeleteRangeRequest d) {
        MvccWriter w = store.write(tx, pending);
        DeleteRangeResponse resp = deleteRange(w, d);
        w.end();
        return resp;
    }

    DeleteRangeResponse deleteRange(MvccWriter w, DeleteRangeRequest d) {
        DeleteRangeResponse.Builder resp = DeleteRangeResponse.newBuilder();
        byte[] key = d.getKey().toByteArray();
        byte[] end = KeyRange.end(d.getRangeEnd());
        if (d.getPrevKv()) {
            resp.addAllPrevKvs(w.range(key, end, RangeOptions.ALL).kvs());
        }
        long deleted = w.deleteRange(key, end);
        return resp.setDeleted(deleted)
                .setHeader(ResponseHeader.newBuilder().setRevision(w.deleteRevision(deleted)))
                .build();
    }

    /** A txn that writes (or reads, if proposed anyway) as one revision. */
    public TxnResponse txn(WriteTxn tx, TxnRequest r) {
        MvccWriter w = store.write(tx, pending);
        TxnResponse resp = TxnApplier.write(w, r, this);
        w.end();
        return resp;
    }

    /** A read-only txn against a committed view, run locally without a proposal. */
    public static TxnResponse readOnlyTxn(KvView view, TxnRequest r) {
        return TxnApplier.readOnly(view, r);
    }

    /** Whether a txn can run without a proposal. */
    public static boolean isReadOnly(TxnRequest r) {
        return TxnApplier.isReadOnly(r);
    }

    /** Compacts the store; the header carries the current revision. */
    public CompactionResponse compact(WriteTxn tx, CompactionRequest c) {
        store.compact(tx, c.getRevision());
        return CompactionResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(store.currentRevision()))
                .build();
    }
}
