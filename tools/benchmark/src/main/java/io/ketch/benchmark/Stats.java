package io.ketch.benchmark;

import java.util.Map;

/**
 * What a benchmark phase measured; durations in seconds, as etcd's {@code report.Stats}.
 *
 * @param count successful requests
 * @param total wall time of the phase
 * @param fastest quickest request
 * @param slowest slowest request
 * @param average mean latency
 * @param stddev standard deviation of the latencies
 * @param rps successful requests per second of wall time
 * @param percentiles latencies at {@link Report#PERCENTILES}
 * @param buckets etcd's 11-mark response time histogram
 * @param errors failed requests by error text
 */
public record Stats(long count, double total, double fastest, double slowest, double average,
        double stddev, double rps, double[] percentiles, Bucket[] buckets, Map<String, Integer> errors) {

    /** One mark of the response time histogram and how many latencies fell at it. */
    public record Bucket(double mark, long count) {
    }

    /** Failed requests in all. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** The latency at a percentile {@link Report#PERCENTILES} lists. */
    public double percentile(double p) {
        for (int i = 0; i < Report.PERCENTILES.length; i++) {
            if (Report.PERCENTILES[i] == p) {
                return percentiles[i];
            }
        }
        throw new IllegalArgumentException("not a reported percentile: " + p);
    }
}
