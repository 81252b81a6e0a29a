package io.ketch.benchmark;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code benchmark put}: puts of random or sequential keys, flags as etcd's. */
@Command(name = "put", description = "Benchmark put")
final class PutCommand implements Callable<Integer> {

    @ParentCommand
    BenchmarkMain root;

    @Option(names = "--key-size", defaultValue = "8", description = "Key size of put request")
    int keySize;

    @Option(names = "--val-size", defaultValue = "8", description = "Value size of put request")
    int valSize;

    @Option(names = "--rate", defaultValue = "0", description = "Maximum puts per second (0 is no limit)")
    int rate;

    @Option(names = "--total", defaultValue = "10000", description = "Total number of put requests")
    int total;

    @Option(names = "--key-space-size", defaultValue = "1", description = "Maximum possible keys")
    int keySpaceSize;

    @Option(names = "--sequential-keys", description = "Use sequential keys")
    boolean sequentialKeys;

    @Option(names = "--compact-interval", defaultValue = "0", converter = GoDuration.class,
            description = "Interval to compact database (e.g. --compact-interval=5m compacts every 5-minute)")
    long compactIntervalMillis;

    @Option(names = "--compact-index-delta", defaultValue = "1000",
            description = "Delta between current revision and compact revision (e.g. current revision 10000, compact at 9000)")
    long compactIndexDelta;

    @Override
    public Integer call() {
        if (keySpaceSize <= 0) {
            root.err.printf("expected positive --key-space-size, got (%d)", keySpaceSize);
            return 1;
        }
        long seed = root.seed();
        KeyGen keys = new KeyGen(keySize, keySpaceSize, sequentialKeys);
        byte[] value = new byte[valSize];
        new Random(seed).nextBytes(value);
        ByteString v = ByteString.copyFrom(value);
        try (Connections conns = root.connect()) {
            ScheduledExecutorService compactor = startCompactor(conns);
            try {
                Report report = new LoadRunner(conns, seed).run("put", total, rate, root.forPeople(),
                        (ch, i, random) -> KVGrpc.newBlockingStub(ch).put(PutRequest.newBuilder()
                                .setKey(ByteString.copyFrom(keys.key(i, random))).setValue(v).build()));
                root.print("put", null, report.stats());
                return 0;
            } finally {
                if (compactor != null) {
                    compactor.shutdownNow();
                }
            }
        }
    }

    private ScheduledExecutorService startCompactor(Connections conns) {
        if (compactIntervalMillis <= 0) {
            return null;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "benchmark-compactor");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(conns.client(0));
            long rev = kv.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("foo")).build())
                    .getHeader().getRevision();
            long target = Math.max(0, rev - compactIndexDelta);
            if (target > 0) {
                kv.withDeadlineAfter(5, TimeUnit.SECONDS).compact(CompactionRequest.newBuilder().setRevision(target).build());
            }
        }, compactIntervalMillis, compactIntervalMillis, TimeUnit.MILLISECONDS);
        return s;
    }
}
