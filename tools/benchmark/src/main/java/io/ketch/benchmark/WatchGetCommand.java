package io.ketch.benchmark;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code benchmark watch-get}: puts {@code --events} revisions of {@code watchkey}, starts
 * {@code --watchers} watchers from the first of them (unsynced watchers the server must catch
 * up), and times serializable gets issued meanwhile until every watcher has every event.
 */
@Command(name = "watch-get", description = "Benchmark watch with get")
final class WatchGetCommand implements Callable<Integer> {

    private static final long WAIT_SECONDS = 60;

    @ParentCommand
    BenchmarkMain root;

    @Option(names = "--watchers", defaultValue = "10000", description = "Total number of watchers")
    int watchers;

    @Option(names = "--streams", defaultValue = "1", description = "Total number of watcher streams")
    int streams;

    @Option(names = "--events", defaultValue = "8", description = "Number of events per watcher")
    int events;

    @Override
    public Integer call() throws InterruptedException {
        ByteString key = ByteString.copyFromUtf8("watchkey");
        try (Connections conns = root.connect()) {
            ManagedChannel ch = conns.client(0);
            long watchRev = 0;
            for (int i = 0; i < events; i++) {
                long rev = KVGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(Integer.toString(i))).build())
                        .getHeader().getRevision();
                if (i == 0) {
                    watchRev = rev;
                }
            }
            Report report = new Report();
            CountDownLatch received = new CountDownLatch(watchers * events);
            List<WatchStream> open = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                open.add(new WatchStream(conns.client(s), nanos -> { }, (e, at) -> received.countDown(),
                        t -> report.error(t)));
            }
            report.start();
            for (int w = 0; w < watchers; w++) {
                open.get(w % streams).create(WatchCreateRequest.newBuilder().setKey(key).setStartRevision(watchRev).build());
            }
            RangeRequest get = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("abc")).setSerializable(true).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (received.getCount() > 0 && System.nanoTime() < deadline
                    && !open.stream().allMatch(WatchStream::failed)) {
                long st = System.nanoTime();
                try {
                    KVGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).range(get);
                    report.ok(System.nanoTime() - st);
                } catch (RuntimeException e) {
                    report.error(e);
                }
            }
            if (received.getCount() > 0) {
                report.error(received.getCount() + " watch events were not received");
            }
            report.stop();
            root.print("watch-get", "Get during watch summary:\n", report.stats());
            return 0;
        }
    }
}
