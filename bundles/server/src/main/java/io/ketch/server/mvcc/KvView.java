package io.ketch.server.mvcc;

/** A read view of the MVCC store at one moment: what etcd's applier reads through (mvcc.ReadView). */
public interface KvView {
    /** The revision the view is at (etcd's Rev()). */
    long rev();

    /** The compacted revision (etcd's FirstRev()). */
    long firstRev();

    /** Reads a range; end as in {@link KeyRange#end}. */
    RangeResult range(byte[] key, byte[] end, RangeOptions ro);
}
