package io.ketch.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * etcd 3.4's capnslog line: {@code 2026-11-22 05:10:11.123456 I | embed: ready to serve client
 * requests}. The logger name is the package (bundles name their System.Logger after etcd's
 * capnslog packages); the letter is C, E, W, N, I, D or T.
 */
public final class CapnslogFormatter extends Formatter {

    /** capnslog's NOTICE, between INFO and WARNING: etcd's "N" lines. */
    public static final Level NOTICE = new Level("NOTICE", 850) {
        private static final long serialVersionUID = 1L;
    };
    /** capnslog's CRITICAL, above SEVERE: etcd's "C" lines before it exits. */
    public static final Level CRITICAL = new Level("CRITICAL", 1100) {
        private static final long serialVersionUID = 1L;
    };
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        line.append(TIME.format(ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
                .append(' ').append(letter(record.getLevel())).append(" | ");
        String name = record.getLoggerName();
        if (name != null && !name.isEmpty()) {
            line.append(name).append(": ");
        }
        line.append(formatMessage(record)).append('\n');
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** @return capnslog's letter for a JUL level */
    public static char letter(Level level) {
        int v = level.intValue();
        if (v >= CRITICAL.intValue()) {
            return 'C';
        }
        if (v >= Level.SEVERE.intValue()) {
            return 'E';
        }
        if (v >= Level.WARNING.intValue()) {
            return 'W';
        }
        if (v >= NOTICE.intValue()) {
            return 'N';
        }
        if (v >= Level.INFO.intValue()) {
            return 'I';
        }
        return v >= Level.FINE.intValue() ? 'D' : 'T';
    }
}
