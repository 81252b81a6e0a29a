package io.ketch.launcher;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Parses flag values the way Go's flag package and etcd's pkg/flags do, with their error texts.
 * Typed results: String, Boolean, Long, {@link Duration}, {@code List<String>}.
 */
public final class GoValues {

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final Map<String, Long> UNIT_NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoValues() {
    }

    /**
     * @return the typed value of {@code raw} for the flag
     * @throws IllegalArgumentException with the text Go's flag package puts after the colon
     */
    public static Object parse(FlagSpec spec, String raw) {
        switch (spec.type()) {
            case STRING:
                return raw;
            case BOOL:
                return parseBool(raw);
            case UINT:
            case UINT64:
                return parseInteger(raw, BigInteger.ZERO, UINT64_MAX).longValue();
            case INT:
            case INT64:
                return parseInteger(raw, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE))
                        .longValue();
            case UINT32:
                return parseUint32(raw);
            case DURATION:
                return parseDuration(raw);
            case URLS:
                return GoUrls.parseList(raw);
            case CORS:
                return raw.equals("*") ? List.of("*") : GoUrls.parseList(raw);
            case STRINGS:
                return parseStrings(raw);
            case SELECT:
                if (!spec.choices().contains(raw)) {
                    throw new IllegalArgumentException("invalid value");
                }
                return raw;
            default:
                return null;
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    public static boolean parseBool(String raw) {
        switch (raw) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True":
                return true;
            case "0": case "f": case "F": case "FALSE": case "false": case "False":
                return false;
            default:
                throw new IllegalArgumentException("parse error");
        }
    }

    /** Go's {@code strconv.ParseInt/ParseUint(s, 0, 64)} as the flag package reports it. */
    static BigInteger parseInteger(String raw, BigInteger min, BigInteger max) {
        String s = raw;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            if (min.signum() == 0) {
                throw new IllegalArgumentException("parse error");
            }
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        int radix = 10;
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            s = s.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            s = s.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        if (radix != 10) {
            s = s.replace("_", "");
        }
        BigInteger value;
        try {
            value = new BigInteger(s, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parse error");
        }
        if (s.startsWith("-") || s.startsWith("+")) {
            throw new IllegalArgumentException("parse error");
        }
        value = negative ? value.negate() : value;
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("value out of range");
        }
        return value;
    }

    private static long parseUint32(String raw) {
        try {
            return parseInteger(raw, BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL)).longValue();
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().equals("parse error") ? "invalid syntax" : "value out of range";
            throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + raw + "\": " + why);
        }
    }

    /** Go's {@code time.ParseDuration}. */
    public static Duration parseDuration(String raw) {
        String s = raw;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("parse error");
        }
        long nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Long unit = UNIT_NANOS.get(s.substring(unitStart, i));
            if (number.isEmpty() || number.equals(".") || unit == null) {
                throw new IllegalArgumentException("parse error");
            }
            nanos += new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(unit)).longValue();
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static List<String> parseStrings(String raw) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String part : raw.split(",", -1)) {
            if (!part.isEmpty() || raw.isEmpty()) {
                out.add(part);
            }
        }
        if (raw.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(out);
    }

    /** Renders a typed value back as a flag string (for messages and the YAML round trip). */
    public static String format(Object value) {
        if (value instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
