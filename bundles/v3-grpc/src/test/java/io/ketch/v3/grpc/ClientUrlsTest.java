package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientUrlsTest {
    @Test
    void httpIpUrlBindsThatAddress() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 2379)),
                ClientUrls.bindAddresses(new String[] {"http://127.0.0.1:2379"}));
    }

    @Test
    void commaSeparatedUrlsAreSeveralListeners() {
        assertEquals(2, ClientUrls.bindAddresses(new String[] {"http://127.0.0.1:1,http://0.0.0.0:2"}).size());
    }

    @Test
    void localhostIsAllowedAsEtcdAllowsIt() {
        assertTrue(ClientUrls.bindAddress("http://localhost:2379").getAddress().isLoopbackAddress());
    }

    @Test
    void httpsIsRefusedForNow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientUrls.bindAddress("https://127.0.0.1:2379"));
        assertTrue(e.getMessage().contains("https is not supported yet"), e.getMessage());
    }

    @Test
    void hostNameIsRefusedAsByEtcd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientUrls.bindAddress("http://example.com:2379"));
        assertEquals("expected IP in URL for binding (http://example.com:2379)", e.getMessage());
    }

    @Test
    void ipv6AddressFormatsWithBrackets() {
        assertEquals("[0:0:0:0:0:0:0:1]:2379", ClientUrls.format(ClientUrls.bindAddress("http://[::1]:2379")));
    }
}
