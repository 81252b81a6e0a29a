package io.ketch.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * etcd's URL list rules ({@code types.NewURLs} over Go's {@code url.Parse}) and its bind-address
 * checks, with etcd's error texts. URLs are kept as normalised strings ({@code scheme://host:port}).
 */
public final class GoUrls {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[^\\]]+)?");

    private GoUrls() {
    }

    /**
     * Parses a comma separated list the way {@code types.NewURLs} does.
     *
     * @return the URLs, sorted and de-duplicated as etcd's {@code UniqueURLs} keeps them
     * @throws IllegalArgumentException with etcd's message
     */
    public static List<String> parseList(String value) {
        TreeSet<String> out = new TreeSet<>();
        for (String part : value.split(",", -1)) {
            out.add(parse(part.trim()));
        }
        return new ArrayList<>(out);
    }

    /** Parses one URL; see {@link #parseList}. */
    public static String parse(String in) {
        String scheme = scheme(in);
        String rest = scheme == null ? in : in.substring(scheme.length() + 1);
        if (scheme == null) {
            int slash = rest.indexOf('/');
            String first = slash < 0 ? rest : rest.substring(0, slash);
            if (first.contains(":")) {
                throw new IllegalArgumentException(
                        "parse \"" + in + "\": first path segment in URL cannot contain colon");
            }
        }
        String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("http") && !lower.equals("https") && !lower.equals("unix") && !lower.equals("unixs")) {
            throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + in);
        }
        if (!rest.startsWith("//")) {
            throw new IllegalArgumentException("URL address does not have the form \"host:port\": " + in);
        }
        String authority = rest.substring(2);
        int end = firstOf(authority, "/?#");
        String host = end < 0 ? authority : authority.substring(0, end);
        String tail = end < 0 ? "" : authority.substring(end);
        if (host.contains("@")) {
            host = host.substring(host.lastIndexOf('@') + 1);
        }
        if (host.contains(" ")) {
            throw new IllegalArgumentException("parse \"" + in + "\": invalid character \" \" in host name");
        }
        if (splitHostPortError(host) != null) {
            throw new IllegalArgumentException("URL address does not have the form \"host:port\": " + in);
        }
        String path = tail.startsWith("/") ? tail.split("[?#]", 2)[0] : "";
        if (!path.isEmpty()) {
            throw new IllegalArgumentException("URL must not contain a path: " + in);
        }
        return lower + "://" + host;
    }

    /** @return the host part of a normalised URL ({@code scheme://host:port}) */
    public static String hostPort(String url) {
        return url.substring(url.indexOf("://") + 3);
    }

    /** Go's {@code net.SplitHostPort}: the error text, or null when it splits. */
    static String splitHostPortError(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return "address " + hostPort + ": missing ']' in address";
            }
            if (close + 1 == hostPort.length()) {
                return "address " + hostPort + ": missing port in address";
            }
            return hostPort.charAt(close + 1) == ':' ? null : "address " + hostPort + ": missing port in address";
        }
        int colons = hostPort.length() - hostPort.replace(":", "").length();
        if (colons == 0) {
            return "address " + hostPort + ": missing port in address";
        }
        return colons > 1 ? "address " + hostPort + ": too many colons in address" : null;
    }

    /** @return the host of host:port, brackets removed */
    static String host(String hostPort) {
        if (hostPort.startsWith("[")) {
            return hostPort.substring(1, hostPort.indexOf(']'));
        }
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    /** Go's {@code net.ParseIP} != nil, approximately: an IPv4 dotted quad or an IPv6 literal. */
    static boolean isIp(String host) {
        return IPV4.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches());
    }

    /**
     * etcd's {@code checkBindURLs}: a listen URL must name an IP or localhost.
     *
     * @return the error text, or null
     */
    public static String checkBind(List<String> urls) {
        for (String url : urls) {
            if (url.startsWith("unix://") || url.startsWith("unixs://")) {
                continue;
            }
            String host = host(hostPort(url));
            if (!host.equals("localhost") && !isIp(host)) {
                return "expected IP in URL for binding (" + url + ")";
            }
        }
        return null;
    }

    private static String scheme(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isLetter(c) && c < 128) {
                continue;
            }
            if ((Character.isDigit(c) || c == '+' || c == '-' || c == '.') && i > 0) {
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new IllegalArgumentException("parse \"" + raw + "\": missing protocol scheme");
                }
                return raw.substring(0, i);
            }
            return null;
        }
        return null;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
