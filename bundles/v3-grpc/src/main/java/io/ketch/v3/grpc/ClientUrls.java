package io.ketch.v3.grpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Parses --listen-client-urls into the addresses to bind, with etcd's checks. */
public final class ClientUrls {
    private ClientUrls() {
    }

    /**
     * The bind address of each URL.
     *
     * @throws IllegalArgumentException for a malformed URL, a host that is not an IP (or
     *                                  localhost), or a scheme this listener does not serve yet
     */
    public static List<InetSocketAddress> bindAddresses(String[] urls) {
        if (urls == null || urls.length == 0) {
            throw new IllegalArgumentException("listenClientUrls is empty");
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String url : urls) {
            for (String one : url.split(",")) {
                if (!one.isBlank()) {
                    addresses.add(bindAddress(one.trim()));
                }
            }
        }
        return addresses;
    }

    static InetSocketAddress bindAddress(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid client URL " + url + ": " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if ("https".equals(scheme) || "unixs".equals(scheme) || "unix".equals(scheme)) {
            throw new IllegalArgumentException("client URL " + url
                    + ": scheme " + scheme + " is not supported yet (only http)");
        }
        if (!"http".equals(scheme)) {
            throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + url);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("missing host or port in client URL " + url);
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        if ("localhost".equals(host)) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort());
        }
        if (!isIpLiteral(host)) {
            throw new IllegalArgumentException("expected IP in URL for binding (" + url + ")");
        }
        try {
            // A literal: no lookup happens.
            return new InetSocketAddress(InetAddress.getByName(host), uri.getPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("expected IP in URL for binding (" + url + ")", e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** Go's net.Addr string of a bound address: {@code 127.0.0.1:2379}, {@code [::1]:2379}. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
