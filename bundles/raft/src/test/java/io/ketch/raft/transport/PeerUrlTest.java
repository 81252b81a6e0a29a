package io.ketch.raft.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerUrlTest {
    @Test
    void httpUrlGivesHostAndPort() {
        assertEquals(new PeerUrl("127.0.0.1", 12380), PeerUrl.parse("http://127.0.0.1:12380"));
    }

    @Test
    void httpsIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerUrl.parse("https://127.0.0.1:2380"));
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    }

    @Test
    void urlWithoutPortIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PeerUrl.parse("http://127.0.0.1"));
    }
}
