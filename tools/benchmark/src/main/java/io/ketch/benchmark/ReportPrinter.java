package io.ketch.benchmark;

import java.util.Locale;
import java.util.Map;

/** Prints {@link Stats} as etcd's benchmark does, or as one JSON object for scripts. */
public final class ReportPrinter {

    private static final String BAR = "∎";

    private final boolean precise;

    /** @param precise full floating point precision ({@code --precise}) instead of {@code %4.4f} */
    public ReportPrinter(boolean precise) {
        this.precise = precise;
    }

    /** etcd's text report: summary, histogram, latency distribution, error distribution. */
    public String text(Stats s) {
        StringBuilder b = new StringBuilder();
        if (s.count() > 0) {
            b.append("\nSummary:\n");
            b.append("  Total:\t").append(secs(s.total())).append(".\n");
            b.append("  Slowest:\t").append(secs(s.slowest())).append(".\n");
            b.append("  Fastest:\t").append(secs(s.fastest())).append(".\n");
            b.append("  Average:\t").append(secs(s.average())).append(".\n");
            b.append("  Stddev:\t").append(secs(s.stddev())).append(".\n");
            b.append("  Requests/sec:\t").append(num(s.rps())).append('\n');
            b.append("\nResponse time histogram:\n");
            long max = 0;
            for (Stats.Bucket bucket : s.buckets()) {
                max = Math.max(max, bucket.count());
            }
            for (Stats.Bucket bucket : s.buckets()) {
                int len = max > 0 ? (int) (bucket.count() * 40 / max) : 0;
                b.append("  ").append(num(bucket.mark())).append(" [").append(bucket.count()).append("]\t|")
                        .append(BAR.repeat(len)).append('\n');
            }
            b.append("\nLatency distribution:\n");
            for (int i = 0; i < Report.PERCENTILES.length; i++) {
                if (s.percentiles()[i] > 0) {
                    b.append("  ").append(goFloat(Report.PERCENTILES[i])).append("% in ")
                            .append(secs(s.percentiles()[i])).append(".\n");
                }
            }
        }
        if (!s.errors().isEmpty()) {
            b.append("\nError distribution:\n");
            for (Map.Entry<String, Integer> e : s.errors().entrySet()) {
                b.append("  [").append(e.getValue()).append("]\t").append(e.getKey()).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * One JSON object: {@code total} requests (ok and failed), {@code ok}, {@code errors},
     * {@code seconds}, {@code rps}, latencies in milliseconds ({@code avg}, {@code stddev},
     * {@code fastest}, {@code slowest}, {@code p50}, {@code p90}, {@code p99}, {@code p99.9}) and
     * {@code errorDistribution} (error text to count).
     */
    public static String json(String op, Stats s) {
        StringBuilder b = new StringBuilder("{");
        b.append("\"op\":").append(quote(op));
        b.append(",\"total\":").append(s.count() + s.errorCount());
        b.append(",\"ok\":").append(s.count());
        b.append(",\"errors\":").append(s.errorCount());
        b.append(",\"seconds\":").append(jsonNum(s.total()));
        b.append(",\"rps\":").append(jsonNum(s.rps()));
        b.append(",\"avg\":").append(jsonNum(s.average() * 1000));
        b.append(",\"stddev\":").append(jsonNum(s.stddev() * 1000));
        b.append(",\"fastest\":").append(jsonNum(s.fastest() * 1000));
        b.append(",\"slowest\":").append(jsonNum(s.slowest() * 1000));
        for (double p : new double[] {50, 90, 99, 99.9}) {
            b.append(",\"p").append(goFloat(p)).append("\":").append(jsonNum(s.percentile(p) * 1000));
        }
        b.append(",\"errorDistribution\":{");
        String sep = "";
        for (Map.Entry<String, Integer> e : s.errors().entrySet()) {
            b.append(sep).append(quote(e.getKey())).append(':').append(e.getValue());
            sep = ",";
        }
        return b.append("}}").toString();
    }

    private String secs(double seconds) {
        return num(seconds) + " secs";
    }

    private String num(double v) {
        return precise ? goFloat(v) : String.format(Locale.ROOT, "%4.4f", v);
    }

    /** Go's {@code %v} of a float64 for the plain values a report holds: no trailing ".0". */
    static String goFloat(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String jsonNum(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "0";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
