package io.ketch.benchmark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Go's {@code time.ParseDuration} for the flags that take one ({@code 5m}, {@code 1m30s}, {@code 0}), in ms. */
final class GoDuration implements ITypeConverter<Long> {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)");

    @Override
    public Long convert(String value) {
        return parseMillis(value);
    }

    static long parseMillis(String value) {
        if (value.equals("0")) {
            return 0;
        }
        Matcher m = PART.matcher(value);
        double millis = 0;
        int at = 0;
        while (at < value.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "ns" -> n / 1e6;
                case "us", "µs" -> n / 1e3;
                case "ms" -> n;
                case "s" -> n * 1e3;
                case "m" -> n * 60e3;
                default -> n * 3600e3;
            };
            at = m.end();
        }
        if (at != value.length() || at == 0) {
            throw new TypeConversionException("time: invalid duration \"" + value + "\"");
        }
        return (long) millis;
    }
}
