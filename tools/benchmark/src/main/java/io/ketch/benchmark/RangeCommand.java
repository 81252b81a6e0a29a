package io.ketch.benchmark;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.RangeRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code benchmark range key [end-range]}: linearizable or serializable gets, flags as etcd's. */
@Command(name = "range", description = "Benchmark range")
final class RangeCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    BenchmarkMain root;

    @Parameters(index = "0", paramLabel = "key")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "end-range")
    String end;

    @Option(names = "--rate", defaultValue = "0", description = "Maximum range requests per second (0 is no limit)")
    int rate;

    @Option(names = "--total", defaultValue = "10000", description = "Total number of range requests")
    int total;

    @Option(names = "--consistency", defaultValue = "l", description = "Linearizable(l) or Serializable(s)")
    String consistency;

    @Option(names = "--limit", defaultValue = "0", description = "Maximum number of results (0 is no limit)")
    long limit;

    @Override
    public Integer call() {
        boolean serializable;
        if (consistency.equals("l")) {
            serializable = false;
        } else if (consistency.equals("s")) {
            serializable = true;
        } else {
            root.err.println("--consistency must be l or s, got " + consistency);
            return 2;
        }
        if (!root.json) {
            root.out.println(serializable ? "bench with serializable range" : "bench with linearizable range");
        }
        RangeRequest.Builder b = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
                .setSerializable(serializable).setLimit(limit);
        if (end != null) {
            b.setRangeEnd(ByteString.copyFromUtf8(end));
        }
        RangeRequest request = b.build();
        try (Connections conns = root.connect()) {
            Report report = new LoadRunner(conns, root.seed()).run("range", total, rate, root.forPeople(),
                    (ch, i, random) -> KVGrpc.newBlockingStub(ch).range(request));
            root.print("range", null, report.stats());
            return 0;
        }
    }
}
