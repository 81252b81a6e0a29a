package io.ketch.benchmark;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code benchmark watch}: opens {@code --streams} streams of {@code --watch-per-stream} watchers
 * each (Watch creation summary), then puts {@code --put-total} keys of the watched key space and
 * reports how long each event took from the start of its put to its arrival at a watcher
 * (Watch events received summary). Each value carries its put's number, so an event finds its put.
 */
@Command(name = "watch", description = "Benchmark watch")
final class WatchCommand implements Callable<Integer> {

    /** How long to wait for the events still missing after the last put. */
    private static final long EVENT_WAIT_SECONDS = 30;

    @ParentCommand
    BenchmarkMain root;

    @Option(names = "--streams", defaultValue = "10", description = "Total watch streams")
    int streams;

    @Option(names = "--watch-per-stream", defaultValue = "100", description = "Total watchers per stream")
    int watchPerStream;

    @Option(names = "--prefix", description = "Watch a prefix instead of a single key")
    boolean prefix;

    @Option(names = "--put-rate", defaultValue = "0", description = "Number of keys to put per second")
    int putRate;

    @Option(names = "--put-total", defaultValue = "1000", description = "Number of put requests")
    int putTotal;

    @Option(names = "--key-size", defaultValue = "32", description = "Key size of watch request")
    int keySize;

    @Option(names = "--key-space-size", defaultValue = "1", description = "Maximum possible keys")
    int keySpaceSize;

    @Option(names = "--sequential-keys", description = "Use sequential keys")
    boolean sequentialKeys;

    @Override
    public Integer call() throws InterruptedException {
        long seed = root.seed();
        KeyGen keys = new KeyGen(keySize, keySpaceSize, sequentialKeys);
        int watchers = streams * watchPerStream;
        SplittableRandom random = new SplittableRandom(seed);
        long[] watchersOnKey = new long[keySpaceSize];
        int[] watched = new int[watchers];
        for (int w = 0; w < watchers; w++) {
            watched[w] = keys.index(w, random);
            watchersOnKey[watched[w]]++;
        }
        Report creates = new Report();
        Report events = new Report();
        CountDownLatch createdAll = new CountDownLatch(watchers);
        try (Connections conns = root.connect()) {
            AtomicLongArray putStart = new AtomicLongArray(putTotal);
            int[] putKey = new int[putTotal];
            long expected = 0;
            for (int i = 0; i < putTotal; i++) {
                putKey[i] = keys.index(i, random);
                expected += watchersOnKey[putKey[i]];
            }
            CountDownLatch eventsAll = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, expected));
            List<WatchStream> open = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                open.add(new WatchStream(conns.client(s), nanos -> {
                    creates.ok(nanos);
                    createdAll.countDown();
                }, (e, at) -> {
                    int n = ByteBuffer.wrap(e.getKv().getValue().toByteArray()).getInt();
                    if (n >= 0 && n < putTotal) {
                        events.ok(at - putStart.get(n));
                        eventsAll.countDown();
                    }
                }, t -> creates.error(t)));
            }
            creates.start();
            createWatchers(open, watched);
            if (!WatchStream.await(createdAll, open, EVENT_WAIT_SECONDS)) {
                creates.error(createdAll.getCount() + " watchers were not created");
            }
            creates.stop();
            root.print("watch-create", "Watch creation summary:\n", creates.stats());
            if (createdAll.getCount() == watchers) {
                return 1;  // No watcher at all: nothing would see the puts.
            }

            events.start();
            put(conns, seed, putKey, putStart);
            if (!WatchStream.await(eventsAll, open, EVENT_WAIT_SECONDS)) {
                events.error(eventsAll.getCount() + " events were not received");
            }
            events.stop();
            root.print("watch-events", "Watch events received summary:\n", events.stats());
            return 0;
        }
    }

    /** Watcher {@code w} watches key {@code watched[w]} on stream {@code w % streams}. */
    private void createWatchers(List<WatchStream> open, int[] watched) {
        for (int w = 0; w < watched.length; w++) {
            ByteString k = ByteString.copyFrom(KeyGen.keyAt(watched[w], keySize));
            WatchCreateRequest.Builder c = WatchCreateRequest.newBuilder().setKey(k);
            if (prefix) {
                c.setRangeEnd(prefixEnd(k));
            }
            open.get(w % open.size()).create(c.build());
        }
    }

    /** Put {@code i} goes to key {@code putKey[i]}; its value is {@code i}, its start time noted. */
    private void put(Connections conns, long seed, int[] putKey, AtomicLongArray putStart) {
        new LoadRunner(conns, seed).run("watch", putTotal, putRate, root.forPeople(), (ch, i, r) -> {
            putStart.set((int) i, System.nanoTime());
            KVGrpc.newBlockingStub(ch).put(PutRequest.newBuilder()
                    .setKey(ByteString.copyFrom(KeyGen.keyAt(putKey[(int) i], keySize)))
                    .setValue(ByteString.copyFrom(ByteBuffer.allocate(4).putInt((int) i).array())).build());
        });
    }

    /** etcd's prefix range end: the key with its last byte below 0xff incremented, cut after it. */
    static ByteString prefixEnd(ByteString key) {
        byte[] k = key.toByteArray();
        for (int i = k.length - 1; i >= 0; i--) {
            if (k[i] != (byte) 0xff) {
                byte[] end = java.util.Arrays.copyOf(k, i + 1);
                end[i]++;
                return ByteString.copyFrom(end);
            }
        }
        return ByteString.copyFrom(new byte[] {0});
    }
}
