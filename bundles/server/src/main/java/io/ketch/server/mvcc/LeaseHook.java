package io.ketch.server.mvcc;

/**
 * Told when a write attaches a key to a lease or removes it, so the lessor knows which keys each
 * lease holds (etcd's storeTxnWrite attaches and detaches through the lessor the same way).
 * Called inside the write transaction, on the apply thread.
 */
public interface LeaseHook {
    /** Ignores every change: a store without leases. */
    LeaseHook NONE = new LeaseHook() {
        @Override
        public void put(byte[] key, long lease) {
        }

        @Override
        public void deleted(byte[] key) {
        }
    };

    /** The key was written with this lease (0 = none), replacing whatever it had before. */
    void put(byte[] key, long lease);

    /** The key was deleted. */
    void deleted(byte[] key);
}
