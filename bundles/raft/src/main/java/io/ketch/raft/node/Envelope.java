package io.ketch.raft.node;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The envelope a proposal travels in: who proposed it (member id) and that member's sequence
 * number, so the proposer's future completes when the entry is applied on that member, whichever
 * member led. The leading 0 byte cannot start a protobuf message (field 0 is invalid), so entries
 * written before the envelope existed are still told apart.
 *
 * @param member  the proposing member, 0 for an entry without envelope
 * @param seq     the proposer's sequence number
 * @param command what the state machine applies
 */
record Envelope(long member, long seq, byte[] command) {
    private static final int HEADER = 17;

    static byte[] wrap(long member, long seq, byte[] command) {
        return ByteBuffer.allocate(HEADER + command.length).put((byte) 0).putLong(member).putLong(seq).put(command).array();
    }

    static Envelope unwrap(byte[] data) {
        if (data.length < HEADER || data[0] != 0) {
            return new Envelope(0, 0, data);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        b.get();
        return new Envelope(b.getLong(), b.getLong(), Arrays.copyOfRange(data, HEADER, data.length));
    }

    /** A read context: member id and sequence, unique across the cluster. */
    static byte[] readContext(long member, long seq) {
        return ByteBuffer.allocate(16).putLong(member).putLong(seq).array();
    }

    /** The sequence of a read context this member issued, or -1. */
    static long readSeq(byte[] context, long member) {
        if (context == null || context.length != 16) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(context);
        return b.getLong() == member ? b.getLong() : -1;
    }
}
