package io.ketch.raft.transport;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A peer URL reduced to what a plain TCP transport needs. Only {@code http} is served for now; an
 * {@code https} URL is refused with a clear message rather than silently spoken in clear text.
 *
 * @param host the host (name or address) to bind or connect to
 * @param port the TCP port
 */
public record PeerUrl(String host, int port) {
    /** Parses {@code http://host:port}. */
    public static PeerUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid peer URL " + url + ": " + e.getMessage(), e);
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("peer URL " + url + ": TLS between peers (https) is not supported yet; use http");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("invalid peer URL " + url + ": want http://host:port");
        }
        return new PeerUrl(uri.getHost(), uri.getPort());
    }
}
