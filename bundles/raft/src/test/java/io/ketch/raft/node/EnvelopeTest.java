package io.ketch.raft.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.RequestHeader;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    @Test
    void wrappedCommandNamesItsProposer() {
        Envelope e = Envelope.unwrap(Envelope.wrap(0x8e9e05c52164694dL, 42, new byte[]{7, 8}));
        assertEquals(0x8e9e05c52164694dL, e.member());
        assertEquals(42, e.seq());
        assertArrayEquals(new byte[]{7, 8}, e.command());
    }

    /** Entries written before the envelope existed are protobuf, which never starts with a 0 byte. */
    @Test
    void entryWithoutEnvelopePassesThroughUnchanged() {
        byte[] legacy = InternalRaftRequest.newBuilder().setHeader(RequestHeader.newBuilder().setID(123456789L)).build().toByteArray();
        Envelope e = Envelope.unwrap(legacy);
        assertEquals(0, e.member());
        assertArrayEquals(legacy, e.command());
    }

    @Test
    void readContextOfAnotherMemberIsNotOurs() {
        byte[] ctx = Envelope.readContext(5, 9);
        assertEquals(9, Envelope.readSeq(ctx, 5));
        assertEquals(-1, Envelope.readSeq(ctx, 6));
    }
}
