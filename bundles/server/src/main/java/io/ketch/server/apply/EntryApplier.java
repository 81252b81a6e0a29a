package io.ketch.server.apply;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.etcdserverpb.AlarmType;
import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.spi.storage.WriteTxn;

/**
 * Decodes one committed command (etcd's InternalRaftRequest) and routes it to the applier, as
 * etcd's applierV3backend.Apply does. Returns the response message, null for commands with no
 * response, or the {@link EtcdException} the proposer gets.
 */
final class EntryApplier {
    private final Applier applier;
    private final ClusterState cluster;

    EntryApplier(Applier applier, ClusterState cluster) {
        this.applier = applier;
        this.cluster = cluster;
    }

    Object apply(WriteTxn tx, byte[] command) {
        InternalRaftRequest r;
        try {
            r = InternalRaftRequest.parseFrom(command);
        } catch (InvalidProtocolBufferException e) {
            // a command we cannot read must not stop the log: etcd would panic, we answer an error
            return new IllegalArgumentException("undecodable command", e);
        }
        try {
            return dispatch(tx, r);
        } catch (EtcdException e) {
            return e;
        }
    }

    /** etcd's capped Txn looks only at the top-level branches, as its quota cost does. */
    private static boolean hasPut(TxnRequest t) {
        for (RequestOp op : t.getSuccessList()) {
            if (op.hasRequestPut()) {
                return true;
            }
        }
        for (RequestOp op : t.getFailureList()) {
            if (op.hasRequestPut()) {
                return true;
            }
        }
        return false;
    }

    private Object dispatch(WriteTxn tx, InternalRaftRequest r) {
        if (r.hasV2()) {
            cluster.applyV2(tx, r.getV2());
            return null;
        }
        boolean capped = !cluster.alarms(AlarmType.NOSPACE).isEmpty();
        if (r.hasPut()) {
            // etcd's applierV3Capped: with NOSPACE raised, nothing may grow the store
            if (capped) {
                throw EtcdError.NO_SPACE.exception();
            }
            return applier.put(tx, r.getPut());
        }
        if (r.hasDeleteRange()) {
            return applier.deleteRange(tx, r.getDeleteRange());
        }
        if (r.hasTxn()) {
            if (capped && hasPut(r.getTxn())) {
                throw EtcdError.NO_SPACE.exception();
            }
            return applier.txn(tx, r.getTxn());
        }
        if (r.hasCompaction()) {
            return applier.compact(tx, r.getCompaction());
        }
        if (r.hasLeaseGrant()) {
            // etcd's applierV3Capped refuses new leases too
            if (capped) {
                throw EtcdError.NO_SPACE.exception();
            }
            return applier.grantLease(tx, r.getLeaseGrant());
        }
        if (r.hasLeaseRevoke()) {
            return applier.revokeLease(tx, r.getLeaseRevoke());
        }
        if (r.hasAlarm()) {
            return cluster.alarm(tx, r.getAlarm());
        }
        return null;
    }
}
