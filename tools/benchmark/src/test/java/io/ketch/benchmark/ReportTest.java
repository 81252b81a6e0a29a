package io.ketch.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final long MS = 1_000_000;

    /** Latencies 1, 2, ..., 100 ms over a 2 s run. */
    private static Stats oneToHundredMillis() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * MS);
        }
        return Report.statsOf(h, 2_000 * MS, Map.of("rpc error: code = Unavailable desc = x", 3));
    }

    @Test
    void summaryOfKnownLatencies() {
        Stats s = oneToHundredMillis();
        assertEquals(100, s.count());
        assertEquals(2.0, s.total(), 1e-9);
        assertEquals(50.0, s.rps(), 1e-9);
        assertEquals(0.001, s.fastest(), 0.001 * 0.001);
        assertEquals(0.100, s.slowest(), 0.100 * 0.001);
        assertEquals(0.0505, s.average(), 0.0505 * 0.001);
        // Population standard deviation of 1..100 is sqrt((100^2 - 1) / 12) = 28.866 ms.
        assertEquals(0.028866, s.stddev(), 0.028866 * 0.002);
    }

    @Test
    void percentilesOfKnownLatencies() {
        Stats s = oneToHundredMillis();
        double[] want = {0.010, 0.025, 0.050, 0.075, 0.090, 0.095, 0.099, 0.100};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], s.percentiles()[i], want[i] * 0.001, "p" + Report.PERCENTILES[i]);
        }
    }

    @Test
    void histogramSpansFastestToSlowestInTenStepsAndCountsEveryRequest() {
        Stats s = oneToHundredMillis();
        assertEquals(11, s.buckets().length);
        assertEquals(s.fastest(), s.buckets()[0].mark(), 1e-12);
        assertEquals(s.slowest(), s.buckets()[10].mark(), 1e-12);
        assertEquals(100, Arrays.stream(s.buckets()).mapToLong(Stats.Bucket::count).sum());
        // Marks 1, 10.9, 20.8, ... ms: 1 ms alone in the first, 2..10 ms in the second.
        assertEquals(1, s.buckets()[0].count());
        assertEquals(9, s.buckets()[1].count());
    }

    @Test
    void textReportHasEtcdsSections() {
        String text = new ReportPrinter(false).text(oneToHundredMillis());
        assertTrue(text.contains("\nSummary:\n  Total:\t2.0000 secs.\n"), text);
        assertTrue(text.contains("  Requests/sec:\t50.0000\n"), text);
        assertTrue(text.contains("\nResponse time histogram:\n  0.0010 [1]\t|"), text);
        assertTrue(text.contains("  99.9% in 0.1000 secs.\n"), text);
        assertTrue(text.contains("\nError distribution:\n  [3]\trpc error: code = Unavailable desc = x\n"), text);
    }

    @Test
    void grpcErrorsAreWordedAsGoPrintsThem() {
        String s = Report.describe(io.grpc.Status.DEADLINE_EXCEEDED.withDescription("too slow").asRuntimeException());
        assertEquals("rpc error: code = DeadlineExceeded desc = too slow", s);
    }
}
