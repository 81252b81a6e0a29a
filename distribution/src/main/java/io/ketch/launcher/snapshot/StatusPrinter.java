package io.ketch.launcher.snapshot;

import java.util.List;

/**
 * Prints a {@link SnapshotStatus} the way etcdctl 3.4's printers do: {@code table} (tablewriter,
 * headers upper-cased and centred, cells right-aligned), {@code json} (the Go struct's JSON) and
 * {@code simple} (the table row joined by ", "), {@code fields}. Sizes as go-humanize's {@code Bytes} (SI units).
 */
public final class StatusPrinter {
    private StatusPrinter() {
    }

    /** The output for a format, or null when etcdctl has no such format for this command. */
    public static String print(SnapshotStatus status, String format) {
        List<String> row = List.of(Long.toHexString(status.hash()), Long.toString(status.revision()),
                Long.toString(status.totalKey()), humanBytes(status.totalSize()));
        return switch (format) {
            case "simple" -> String.join(", ", row) + "\n";
            case "json" -> "{\"hash\":" + status.hash() + ",\"revision\":" + status.revision() + ",\"totalKey\":"
                    + status.totalKey() + ",\"totalSize\":" + status.totalSize() + "}\n";
            case "fields" -> "\"Hash\" : " + status.hash() + "\n\"Revision\" : " + status.revision()
                    + "\n\"Keys\" : " + status.totalKey() + "\n\"Size\" : " + status.totalSize() + "\n";
            case "table" -> table(List.of("HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"), row);
            default -> null;
        };
    }

    private static String table(List<String> header, List<String> row) {
        StringBuilder line = new StringBuilder("+");
        StringBuilder head = new StringBuilder("|");
        StringBuilder body = new StringBuilder("|");
        for (int i = 0; i < header.size(); i++) {
            int width = Math.max(header.get(i).length(), row.get(i).length());
            line.append("-".repeat(width + 2)).append('+');
            int gap = width - header.get(i).length();
            head.append(' ').append(" ".repeat(gap / 2)).append(header.get(i))
                    .append(" ".repeat(gap - gap / 2)).append(" |");
            body.append(' ').append(" ".repeat(width - row.get(i).length())).append(row.get(i)).append(" |");
        }
        return line + "\n" + head + "\n" + line + "\n" + body + "\n" + line + "\n";
    }

    /** go-humanize Bytes: base 1000, one decimal below 10, "B" below 10 bytes. */
    static String humanBytes(long size) {
        if (size < 10) {
            return size + " B";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int exp = (int) Math.floor(Math.log(size) / Math.log(1000));
        double value = Math.floor(size / Math.pow(1000, exp) * 10 + 0.5) / 10;
        return value < 10 ? String.format("%.1f %s", value, units[exp]) : String.format("%.0f %s", value, units[exp]);
    }
}
