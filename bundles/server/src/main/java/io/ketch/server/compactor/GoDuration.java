package io.ketch.server.compactor;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration and Duration.String, for etcd's retention flag and its log lines. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** Parses "1h30m", "5m", "1.5s", "300ms"; throws IllegalArgumentException otherwise. */
    public static Duration parse(String s) {
        String t = s.trim();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        double nanos = 0;
        while (pos < t.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
            }
            nanos += Double.parseDouble(m.group(1)) * unit(m.group(2));
            pos = m.end();
        }
        if (pos == 0) {
            throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }

    private static double unit(String u) {
        switch (u) {
            case "ns":
                return 1;
            case "us":
            case "µs":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "m":
                return 60e9;
            default:
                return 3600e9;
        }
    }

    /** Go's Duration.String: "1h0m0s", "5m0s", "1.5s", "2.5ms", "800µs", "12ns". */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        nanos = Math.abs(nanos);
        if (nanos < 1_000L) {
            return sign + nanos + "ns";
        }
        if (nanos < 1_000_000L) {
            return sign + decimal(nanos, 3) + "µs";
        }
        if (nanos < 1_000_000_000L) {
            return sign + decimal(nanos, 6) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        StringBuilder sb = new StringBuilder(sign);
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(decimal(nanos % 60_000_000_000L, 9)).append('s').toString();
    }

    /** units / 10^scale without trailing zeros, exactly. */
    private static String decimal(long units, int scale) {
        BigDecimal v = BigDecimal.valueOf(units, scale).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }
}
