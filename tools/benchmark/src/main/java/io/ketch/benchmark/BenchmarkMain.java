package io.ketch.benchmark;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ketch benchmark}: etcd's low-level benchmark tool. It uses the gRPC API directly (the
 * generated etcd v3 stubs), so it measures etcd and Ketch alike. Global flags as etcd's
 * ({@code --endpoints}, {@code --conns}, {@code --clients}, {@code --precise},
 * {@code --target-leader}), plus {@code --json} (one JSON object per phase) and {@code --seed}.
 */
@Command(name = "benchmark", description = {"A low-level benchmark tool for etcd3.",
        "It uses gRPC client directly and does not depend on etcd client library."},
        subcommands = {PutCommand.class, RangeCommand.class, TxnPutCommand.class, WatchCommand.class,
                WatchGetCommand.class, LeaseKeepaliveCommand.class})
public final class BenchmarkMain implements Callable<Integer> {

    @Option(names = "--endpoints", split = ",", defaultValue = "127.0.0.1:2379", scope = ScopeType.INHERIT,
            description = "gRPC endpoints")
    List<String> endpoints;

    @Option(names = "--conns", defaultValue = "1", scope = ScopeType.INHERIT,
            description = "Total number of gRPC connections")
    int conns;

    @Option(names = "--clients", defaultValue = "1", scope = ScopeType.INHERIT,
            description = "Total number of gRPC clients")
    int clients;

    @Option(names = "--precise", scope = ScopeType.INHERIT, description = "use full floating point precision")
    boolean precise;

    @Option(names = "--target-leader", scope = ScopeType.INHERIT, description = "connect only to the leader node")
    boolean targetLeader;

    @Option(names = "--dial-timeout", defaultValue = "0", converter = GoDuration.class, scope = ScopeType.INHERIT,
            description = "dial timeout for client connections")
    long dialTimeoutMillis;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "print each summary as one JSON object (latencies in ms) instead of text")
    boolean json;

    @Option(names = "--seed", scope = ScopeType.INHERIT,
            description = "seed of the random keys (default: from the clock)")
    Long seed;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "help for benchmark")
    boolean help;

    PrintStream out = System.out;
    PrintStream err = System.err;

    /** Entry point of {@code ketch benchmark}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code (0 ok, 1 failed run, 2 bad flags). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchmarkMain root = new BenchmarkMain();
        root.out = out;
        root.err = err;
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("benchmark: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }

    /** Without a subcommand: the usage, as cobra prints it. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 0;
    }

    /** The connections of a run, as the global flags ask. */
    Connections connect() {
        return new Connections(endpoints, conns, clients, targetLeader, dialTimeoutMillis);
    }

    /** The seed of a run's random keys. */
    long seed() {
        return seed != null ? seed : System.nanoTime();
    }

    /** Whether a progress bar may be drawn (not under {@code --json}). */
    boolean forPeople() {
        return !json;
    }

    /** Prints one phase's stats, after an etcd-style title when there is one. */
    void print(String op, String title, Stats stats) {
        if (json) {
            out.println(ReportPrinter.json(op, stats));
            return;
        }
        if (title != null) {
            out.print(title);
        }
        out.println(new ReportPrinter(precise).text(stats));
    }
}
