package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class FormatTest {

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        return r;
    }

    @Test
    void capnslogLineHasTimeLetterAndPackage() {
        String line = new CapnslogFormatter().format(record(Level.INFO, "embed", "ready to serve client requests"));
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} I \\| embed: ready to serve client requests\n"),
                line);
    }

    @Test
    void levelLettersAreCapnslogs() {
        assertEquals('W', CapnslogFormatter.letter(Level.WARNING));
        assertEquals('E', CapnslogFormatter.letter(Level.SEVERE));
        assertEquals('N', CapnslogFormatter.letter(CapnslogFormatter.NOTICE));
        assertEquals('C', CapnslogFormatter.letter(CapnslogFormatter.CRITICAL));
        assertEquals('D', CapnslogFormatter.letter(Level.FINE));
    }

    @Test
    void zapLineIsJson() {
        String line = new ZapFormatter().format(record(Level.WARNING, "etcdserver", "a \"quoted\" word"));
        assertTrue(line.startsWith("{\"level\":\"warn\",\"ts\":\""), line);
        assertTrue(line.endsWith("\"caller\":\"etcdserver\",\"msg\":\"a \\\"quoted\\\" word\"}\n"), line);
    }

    @Test
    void goDurationsParse() {
        assertEquals(Duration.ofMillis(1500), GoValues.parseDuration("1.5s"));
        assertEquals(Duration.ZERO, GoValues.parseDuration("0"));
        assertEquals(Duration.ofNanos(2500), GoValues.parseDuration("2us500ns"));
    }

    @Test
    void goIntegersAcceptBasePrefixes() {
        assertEquals(16L, GoValues.parse(EtcdFlags.get("max-txn-ops"), "0x10"));
    }

    @Test
    void negativeUnsignedIsAParseError() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GoValues.parse(EtcdFlags.get("max-txn-ops"), "-1"));
        assertEquals("parse error", e.getMessage());
    }
}
