package io.ketch.launcher;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** {@code --logger=zap}: one JSON object a line, in the shape of etcd's zap production encoder. */
public final class ZapFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160).append("{\"level\":\"").append(level(record.getLevel()))
                .append("\",\"ts\":\"")
                .append(TIME.format(ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
                .append("\",\"caller\":");
        quote(line, record.getLoggerName() == null ? "" : record.getLoggerName());
        line.append(",\"msg\":");
        quote(line, formatMessage(record));
        if (record.getThrown() != null) {
            line.append(",\"error\":");
            quote(line, String.valueOf(record.getThrown()));
        }
        return line.append("}\n").toString();
    }

    private static String level(Level level) {
        switch (CapnslogFormatter.letter(level)) {
            case 'C': return "fatal";
            case 'E': return "error";
            case 'W': return "warn";
            case 'I': case 'N': return "info";
            default: return "debug";
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
