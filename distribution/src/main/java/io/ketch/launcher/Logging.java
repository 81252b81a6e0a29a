package io.ketch.launcher;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes java.util.logging (where the bundles' System.Logger lands by default) to one output in
 * etcd's format. Set up once with defaults before the flags are read (etcd logs flag errors in
 * its default format), then again from --logger, --log-level, --log-outputs and --debug.
 */
public final class Logging {

    /** Third-party packages whose INFO chatter no etcd operator expects. */
    private static final List<String> QUIET = List.of("io.grpc", "io.netty", "io.perfmark", "com.google");

    private Logging() {
    }

    /** Sets up capnslog lines on stderr at INFO. */
    public static void defaults() {
        install(new CapnslogFormatter(), System.err, Level.INFO);
    }

    /**
     * Applies etcd's logging flags.
     *
     * @return etcd's error text for a bad combination, or null
     */
    public static String configure(Settings s) {
        List<String> outputs = s.list("log-outputs");
        List<String> deprecated = s.list("log-output");
        if (!deprecated.equals(List.of("default")) && outputs.equals(List.of("default"))) {
            outputs = deprecated;
        }
        String logger = s.string("logger");
        if (!logger.equals("capnslog") && !logger.equals("zap")) {
            return "unknown logger option \"" + logger + "\"";
        }
        Level level = s.bool("debug") ? Level.FINE : level(s.string("log-level"));
        if (level == null) {
            return "unknown log level \"" + s.string("log-level") + "\"";
        }
        if (outputs.size() != 1) {
            return "--logger=" + logger + " supports only 1 value in '--log-outputs', got " + goList(outputs);
        }
        PrintStream out;
        switch (outputs.get(0)) {
            case "default": case "stderr": out = System.err; break;
            case "stdout": out = System.out; break;
            default:
                if (logger.equals("capnslog")) {
                    return "unknown log-output \"" + outputs.get(0) + "\" (only supports \"default\", \"stderr\", \"stdout\")";
                }
                try {
                    out = new PrintStream(new FileOutputStream(outputs.get(0), true), true);
                } catch (IOException e) {
                    return "cannot open log output " + outputs.get(0) + ": " + e.getMessage();
                }
        }
        install(logger.equals("zap") ? new ZapFormatter() : new CapnslogFormatter(), out, level);
        return null;
    }

    /** @return the JUL level of etcd's --log-level, or null when unknown */
    static Level level(String name) {
        switch (name) {
            case "debug": return Level.FINE;
            case "info": return Level.INFO;
            case "warn": return Level.WARNING;
            case "error": case "dpanic": case "panic": case "fatal": return Level.SEVERE;
            default: return null;
        }
    }

    private static String goList(List<String> list) {
        return "[" + String.join(" ", list.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }

    private static void install(Formatter formatter, OutputStream out, Level level) {
        Logger root = Logger.getLogger("");
        for (Handler old : root.getHandlers()) {
            root.removeHandler(old);
            old.flush();
        }
        root.setLevel(level);
        root.addHandler(new LineHandler(formatter, out, level));
        for (String name : QUIET) {
            Logger.getLogger(name).setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
        }
    }

    /** Writes each record as soon as it is logged: etcd's lines are unbuffered too. */
    private static final class LineHandler extends Handler {
        private final OutputStream out;

        LineHandler(Formatter formatter, OutputStream out, Level level) {
            this.out = out;
            setFormatter(formatter);
            setLevel(level);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            try {
                out.write(getFormatter().format(record).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                reportError(null, e, java.util.logging.ErrorManager.WRITE_FAILURE);
            }
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                // nothing left to report to
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
