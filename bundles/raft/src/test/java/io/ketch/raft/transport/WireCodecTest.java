package io.ketch.raft.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.EntryType;
import io.ketch.raft.engine.Message;
import io.ketch.raft.engine.MessageType;
import io.ketch.raft.engine.Snapshot;
import io.ketch.raft.engine.SnapshotMeta;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static EmbeddedChannel channel(int maxFrame) {
        EmbeddedChannel ch = new EmbeddedChannel();
        WireCodec.install(ch.pipeline(), maxFrame);
        return ch;
    }

    /** Writes on one channel and feeds the bytes, in one piece, to another. */
    private static Object roundTrip(Object msg) {
        EmbeddedChannel out = channel(1 << 20);
        out.writeOutbound(msg);
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = out.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        EmbeddedChannel in = channel(1 << 20);
        in.writeInbound(all);
        return in.readInbound();
    }

    @Test
    void handshakeSurvivesTheWire() {
        assertEquals(new Handshake(0xabcdefL, -2L, 7L), roundTrip(new Handshake(0xabcdefL, -2L, 7L)));
    }

    @Test
    void appendWithEntriesAndContextSurvivesTheWire() {
        Message m = new Message(MessageType.APP, 1, 2, 3, 4, 5,
                List.of(Entry.normal(6, 3, new byte[]{1, 2}), new Entry(7, 3, EntryType.CONF_CHANGE, new byte[]{9})),
                5, true, 11, new byte[]{8}, null);
        Message back = (Message) roundTrip(m);
        assertEquals(m.type(), back.type());
        assertEquals(List.of(m.from(), m.to(), m.term(), m.logTerm(), m.index(), m.commit(), m.rejectHint()),
                List.of(back.from(), back.to(), back.term(), back.logTerm(), back.index(), back.commit(), back.rejectHint()));
        assertEquals(m.reject(), back.reject());
        assertEquals(EntryType.CONF_CHANGE, back.entries().get(1).type());
        assertArrayEquals(new byte[]{1, 2}, back.entries().get(0).data());
        assertArrayEquals(new byte[]{8}, back.context());
    }

    @Test
    void snapshotKeepsItsConfigurationAndData() {
        Snapshot snap = new Snapshot(new SnapshotMeta(10, 2, Set.of(1L, 2L), Set.of(3L)), new byte[]{4, 5, 6});
        Message back = (Message) roundTrip(new Message(MessageType.SNAP, 1, 2, 2, 0, 0, List.of(), 0, false, 0, null, snap));
        assertEquals(snap.meta(), back.snapshot().meta());
        assertArrayEquals(snap.data(), back.snapshot().data());
    }

    @Test
    void absentContextStaysAbsent() {
        Message back = (Message) roundTrip(new Message(MessageType.HEARTBEAT, 1, 2, 2, 0, 0, List.of(), 0, false, 0, null, null));
        assertEquals(null, back.context());
    }

    @Test
    void everyEngineMessageTypeHasAWireType() {
        for (MessageType t : MessageType.values()) {
            assertEquals(t, MessageCodec.fromProto(MessageCodec.toProto(t)));
        }
    }

    @Test
    void frameAboveTheLimitIsRefused() {
        EmbeddedChannel in = channel(16);
        ByteBuf frame = Unpooled.buffer().writeInt(100).writeZero(100);
        assertThrows(TooLongFrameException.class, () -> in.writeInbound(frame));
        assertFalse(in.inboundMessages().stream().anyMatch(Message.class::isInstance));
    }
}
