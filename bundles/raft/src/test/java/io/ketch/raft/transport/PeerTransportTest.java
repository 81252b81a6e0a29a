package io.ketch.raft.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ketch.raft.engine.Message;
import io.ketch.raft.engine.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real endpoints on 127.0.0.1. */
class PeerTransportTest {
    private final List<PeerTransport> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(PeerTransport::close);
    }

    private PeerTransport start(long cluster, long id, int port, Map<Long, Integer> ports, Set<Long> members,
                                BlockingQueue<Message> sink) throws Exception {
        PeerDirectory dir = new PeerDirectory() {
            @Override
            public List<String> peerUrls(long memberId) {
                Integer p = ports.get(memberId);
                return p == null ? List.of() : List.of("http://127.0.0.1:" + p);
            }

            @Override
            public boolean allowed(long memberId) {
                return members.contains(memberId);
            }
        };
        PeerTransport t = PeerTransport.start(TransportConfig.of(List.of("http://127.0.0.1:" + port), cluster, id), dir, sink::add);
        started.add(t);
        return t;
    }

    private static Message heartbeat(long from, long to, long term) {
        return new Message(MessageType.HEARTBEAT, from, to, term, 0, 0, List.of(), 0, false, 0, null, null);
    }

    @Test
    void messageReachesThePeerInOrder() throws Exception {
        int p1 = TestPorts.free();
        int p2 = TestPorts.free();
        Map<Long, Integer> ports = Map.of(1L, p1, 2L, p2);
        BlockingQueue<Message> at2 = new LinkedBlockingQueue<>();
        PeerTransport t1 = start(7, 1, p1, ports, Set.of(1L, 2L), new LinkedBlockingQueue<>());
        start(7, 2, p2, ports, Set.of(1L, 2L), at2);
        t1.send(List.of(heartbeat(1, 2, 1), heartbeat(1, 2, 2)));
        assertEquals(1, at2.poll(20, TimeUnit.SECONDS).term());
        assertEquals(2, at2.poll(20, TimeUnit.SECONDS).term());
    }

    @Test
    void peerOfAnotherClusterIsRefused() throws Exception {
        int p2 = TestPorts.free();
        int p3 = TestPorts.free();
        Map<Long, Integer> ports = Map.of(2L, p2, 3L, p3);
        BlockingQueue<Message> at2 = new LinkedBlockingQueue<>();
        BlockingQueue<Message> at3 = new LinkedBlockingQueue<>();
        start(8, 2, p2, ports, Set.of(1L, 2L, 3L), at2);      // another initial cluster token: cluster 8
        start(7, 3, p3, ports, Set.of(1L, 2L, 3L), at3);      // the control: same cluster
        PeerTransport t1 = start(7, 1, TestPorts.free(), ports, Set.of(), new LinkedBlockingQueue<>());
        t1.send(List.of(heartbeat(1, 2, 1), heartbeat(1, 3, 1)));
        // once the control peer got its message, the refused one would have arrived too
        assertEquals(1, at3.poll(20, TimeUnit.SECONDS).from());
        assertNull(at2.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void removedMemberIsRefused() throws Exception {
        int p2 = TestPorts.free();
        int p3 = TestPorts.free();
        Map<Long, Integer> ports = Map.of(2L, p2, 3L, p3);
        BlockingQueue<Message> at2 = new LinkedBlockingQueue<>();
        BlockingQueue<Message> at3 = new LinkedBlockingQueue<>();
        start(7, 2, p2, ports, Set.of(2L, 3L), at2);          // member 1 was removed from 2's configuration
        start(7, 3, p3, ports, Set.of(1L, 2L, 3L), at3);
        PeerTransport t1 = start(7, 1, TestPorts.free(), ports, Set.of(), new LinkedBlockingQueue<>());
        t1.send(List.of(heartbeat(1, 2, 1), heartbeat(1, 3, 1)));
        assertEquals(1, at3.poll(20, TimeUnit.SECONDS).from());
        assertNull(at2.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void restartedPeerIsReachedAgain() throws Exception {
        int p1 = TestPorts.free();
        int p2 = TestPorts.free();
        Map<Long, Integer> ports = Map.of(1L, p1, 2L, p2);
        BlockingQueue<Message> at2 = new LinkedBlockingQueue<>();
        PeerTransport t1 = start(7, 1, p1, ports, Set.of(1L, 2L), new LinkedBlockingQueue<>());
        PeerTransport t2 = start(7, 2, p2, ports, Set.of(1L, 2L), at2);
        t1.send(List.of(heartbeat(1, 2, 1)));
        assertEquals(1, at2.poll(20, TimeUnit.SECONDS).term());
        t2.close();
        BlockingQueue<Message> again = new LinkedBlockingQueue<>();
        start(7, 2, p2, ports, Set.of(1L, 2L), again);
        // the first sends may be lost on the dead connection: keep sending until one arrives
        Message got = null;
        for (int i = 0; i < 200 && got == null; i++) {
            t1.send(List.of(heartbeat(1, 2, 5)));
            got = again.poll(100, TimeUnit.MILLISECONDS);
        }
        assertEquals(5, got == null ? -1 : got.term());
    }
}
