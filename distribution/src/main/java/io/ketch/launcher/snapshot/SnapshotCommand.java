package io.ketch.launcher.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ketch snapshot status <file> [-w table|json|simple]}: etcdctl 3.4's offline snapshot
 * command with its output and exit codes (1 for an error, 4 for an unknown output format, 128 for bad arguments as etcdctl's
 * ExitBadArgs). {@code restore} is not implemented yet and says so.
 */
public final class SnapshotCommand {
    private static final int EXIT_ERROR = 1;
    private static final int EXIT_BAD_FEATURE = 4;
    private static final int EXIT_BAD_ARGS = 128;

    private SnapshotCommand() {
    }

    /** Runs the subcommand; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("status")) {
            String what = args.isEmpty() ? "" : args.get(0);
            err.println(what.equals("restore") ? "ketch: snapshot restore is not supported yet"
                    : "Error: unknown snapshot command \"" + what + "\"");
            return EXIT_ERROR;
        }
        return status(args.subList(1, args.size()), out, err);
    }

    private static int status(List<String> args, PrintStream out, PrintStream err) {
        String format = "simple";
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("-w") || arg.equals("--write-out")) && i + 1 < args.size()) {
                format = args.get(++i);
            } else if (arg.startsWith("--write-out=") || arg.startsWith("-w=")) {
                format = arg.substring(arg.indexOf('=') + 1);
            } else {
                files.add(arg);
            }
        }
        if (files.size() != 1) {
            err.println("Error: snapshot status requires exactly one argument");
            return EXIT_BAD_ARGS;
        }
        SnapshotStatus status;
        try {
            status = SnapshotStatus.of(Path.of(files.get(0)));
        } catch (NoSuchFileException e) {
            err.println("Error: stat " + files.get(0) + ": no such file or directory");
            return EXIT_ERROR;
        } catch (IOException e) {
            err.println("Error: " + e.getMessage());
            return EXIT_ERROR;
        }
        String text = StatusPrinter.print(status, format);
        if (text == null) {
            // etcdctl's protobuf printer exists but has no snapshot status; other names are unknown
            err.println(format.equals("protobuf") ? "Error: protobuf not supported as output format"
                    : "Error: unsupported output format");
            return EXIT_BAD_FEATURE;
        }
        out.print(text);
        return 0;
    }
}
