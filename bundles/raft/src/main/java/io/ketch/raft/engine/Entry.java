package io.ketch.raft.engine;

/**
 * One Raft log entry.
 *
 * @param index its position in the log, from 1
 * @param term  the leader term it was created in
 * @param type  normal command or configuration change
 * @param data  the command bytes (empty for a new leader's empty entry)
 */
public record Entry(long index, long term, EntryType type, byte[] data) {
    private static final byte[] NONE = new byte[0];

    public Entry {
        data = data == null ? NONE : data;
    }

    /** A normal entry. */
    public static Entry normal(long index, long term, byte[] data) {
        return new Entry(index, term, EntryType.NORMAL, data);
    }

    /** The same entry placed at another index and term (a proposal getting its slot). */
    Entry at(long newIndex, long newTerm) {
        return new Entry(newIndex, newTerm, type, data);
    }
}
