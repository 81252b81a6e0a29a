package io.ketch.benchmark;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Collects the outcome of each request (its latency, or its error) from many client threads and
 * reduces them to etcd's benchmark {@link Stats}. Latencies go into an HdrHistogram (nanoseconds,
 * 3 significant digits), so memory stays flat however long the run.
 */
public final class Report {

    /** The percentiles etcd's report prints. */
    static final double[] PERCENTILES = {10, 25, 50, 75, 90, 95, 99, 99.9};

    private final Histogram histogram = new Histogram(3);
    private final Map<String, Integer> errors = new TreeMap<>();
    private long startNanos = System.nanoTime();
    private long endNanos = -1;

    /** Restarts the wall clock (call when the measured phase begins). */
    public synchronized void start() {
        startNanos = System.nanoTime();
    }

    /** Stops the wall clock; {@link #stats} then reports on the time in between. */
    public synchronized void stop() {
        endNanos = System.nanoTime();
    }

    /** One successful request that took {@code nanos}. */
    public synchronized void ok(long nanos) {
        histogram.recordValue(Math.max(1, nanos));
    }

    /** One failed request, counted under etcd's wording of its error. */
    public synchronized void error(Throwable error) {
        errors.merge(describe(error), 1, Integer::sum);
    }

    /** One failed request, counted under {@code message}. */
    public synchronized void error(String message) {
        errors.merge(message, 1, Integer::sum);
    }

    /** The stats over everything recorded so far. */
    public synchronized Stats stats() {
        long end = endNanos < 0 ? System.nanoTime() : endNanos;
        return statsOf(histogram, end - startNanos, errors);
    }

    /** Stats of a histogram of latencies in nanoseconds over a run of {@code totalNanos}. */
    static Stats statsOf(Histogram h, long totalNanos, Map<String, Integer> errors) {
        double total = totalNanos / 1e9;
        long count = h.getTotalCount();
        double[] pct = new double[PERCENTILES.length];
        for (int i = 0; i < pct.length && count > 0; i++) {
            pct[i] = seconds(h.getValueAtPercentile(PERCENTILES[i]));
        }
        double fastest = count == 0 ? 0 : seconds(h.getMinValue());
        double slowest = count == 0 ? 0 : seconds(h.getMaxValue());
        return new Stats(count, total, fastest, slowest, count == 0 ? 0 : h.getMean() / 1e9,
                count == 0 ? 0 : h.getStdDeviation() / 1e9, total > 0 ? count / total : 0, pct,
                buckets(h, fastest, slowest), new TreeMap<>(errors));
    }

    /**
     * etcd's response time histogram: 11 marks, {@code fastest + i * (slowest - fastest) / 10}
     * and {@code slowest}; each latency counts in the first mark at or above it.
     */
    private static Stats.Bucket[] buckets(Histogram h, double fastest, double slowest) {
        int bc = 10;
        double[] marks = new double[bc + 1];
        double step = (slowest - fastest) / bc;
        for (int i = 0; i < bc; i++) {
            marks[i] = fastest + step * i;
        }
        marks[bc] = slowest;
        long[] counts = new long[bc + 1];
        for (HistogramIterationValue v : h.recordedValues()) {
            double s = seconds(h.lowestEquivalentValue(v.getValueIteratedTo()));
            int b = 0;
            while (b < bc && s > marks[b]) {
                b++;
            }
            counts[b] += v.getCountAtValueIteratedTo();
        }
        Stats.Bucket[] out = new Stats.Bucket[bc + 1];
        for (int i = 0; i <= bc; i++) {
            out[i] = new Stats.Bucket(marks[i], counts[i]);
        }
        return out;
    }

    private static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    /** Go's grpc error text ({@code rpc error: code = Unavailable desc = ...}) for a gRPC status. */
    static String describe(Throwable error) {
        if (error instanceof StatusRuntimeException sre) {
            Status s = sre.getStatus();
            StringBuilder code = new StringBuilder();
            for (String part : s.getCode().name().split("_")) {
                code.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            return "rpc error: code = " + code + " desc = "
                    + (s.getDescription() == null ? "" : s.getDescription());
        }
        return String.valueOf(error.getMessage() == null ? error.toString() : error.getMessage());
    }
}
