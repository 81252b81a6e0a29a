package io.ketch.server.compactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoCompactorTest {
    private long rev = 1;
    private boolean leader = true;
    private final List<Long> compacted = new ArrayList<>();

    private AutoCompactor create(String mode, String retention) {
        return AutoCompactor.create(mode, retention, 0, () -> rev, r -> compacted.add(r), () -> leader);
    }

    @Test
    void zeroRetentionDisablesCompaction() {
        assertNull(create("periodic", "0"));
        assertNull(create("revision", "0"));
    }

    @Test
    void unknownModeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> create("hourly", "1"));
    }

    @Test
    void integerPeriodicRetentionIsHours() {
        assertEquals(Duration.ofMinutes(6), create("periodic", "1").interval());
    }

    @Test
    void revisionModeCompactsToCurrentMinusRetentionOncePerRevision() {
        AutoCompactor c = create("revision", "10");
        rev = 25;
        c.tick(0);
        c.tick(1);
        rev = 30;
        c.tick(2);
        assertEquals(List.of(15L, 20L), compacted);
    }

    @Test
    void revisionModeWaitsUntilThereIsEnoughHistory() {
        AutoCompactor c = create("revision", "10");
        rev = 10;
        c.tick(0);
        assertEquals(List.of(), compacted);
    }

    @Test
    void followersDoNotCompact() {
        AutoCompactor c = create("revision", "1");
        leader = false;
        rev = 50;
        c.tick(0);
        assertEquals(List.of(), compacted);
    }

    @Test
    void periodicModeCompactsToTheRevisionOnePeriodAgo() {
        AutoCompactor c = create("periodic", "10s");
        long step = c.interval().toMillis();
        assertEquals(1000, step);
        long now = 0;
        for (int i = 1; i <= 10; i++) {
            rev = 100 + i; // one write per second
            now += step;
            c.tick(now);
        }
        // after 10 s the oldest sample, taken at start, is compacted to
        assertEquals(List.of(1L), compacted);
        rev = 200;
        now += step;
        c.tick(now);
        // then every compact interval (the period, at most an hour), not every tick
        assertEquals(List.of(1L), compacted);
    }

    @Test
    void goDurationsParseAndPrintAsGoDoes() {
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("5m0s", GoDuration.format(Duration.ofMinutes(5)));
        assertEquals("6m0s", GoDuration.format(Duration.ofMinutes(6)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("500ms", GoDuration.format(Duration.ofMillis(500)));
        assertEquals("1.234567ms", GoDuration.format(Duration.ofNanos(1234567)));
        assertEquals("800µs", GoDuration.format(Duration.ofNanos(800000)));
        assertEquals("1m0.25s", GoDuration.format(Duration.ofMillis(60250)));
    }
}
