package io.ketch.server.watch;

import static io.ketch.server.watch.Member.bs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random writes, watchers of every kind created at random revisions, clients that stop and start
 * reading, and catch-up steps in random order: every watcher must end with exactly the events the
 * history holds for it, in order. Driven on the test thread, so a seed replays the same run.
 */
class WatchHubModelTest {
    private record Probe(WatchCreateRequest request, long from, Recorder client) {
    }

    @Test
    void everyWatcherGetsExactlyItsHistoryWhateverTheInterleaving() {
        for (int round = 0; round < 20; round++) {
            long seed = System.nanoTime() + round;
            run(seed);
        }
    }

    private void run(long seed) {
        Random random = new Random(seed);
        Member member = new Member();
        WatchHub hub = member.hub(400); // small, so fragmenting watchers split often
        List<Probe> probes = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                String key = "k" + random.nextInt(8);
                if (random.nextInt(4) == 0) {
                    member.delete(key);
                } else {
                    member.put(key, "v" + step);
                }
            } else if (action == 5 && probes.size() < 12) {
                probes.add(create(hub, member, random));
            } else if (action == 6 && !probes.isEmpty()) {
                Recorder r = probes.get(random.nextInt(probes.size())).client();
                r.ready = !r.ready;
            } else if (action == 7) {
                hub.syncUnsynced();
            } else if (action == 8) {
                hub.retryVictims();
            }
        }
        probes.forEach(p -> p.client().ready = true);
        for (int i = 0; i < 1000 && hub.hasBacklog(); i++) {
            hub.retryVictims();
            hub.syncUnsynced();
        }
        List<Event> history = new MachineHistory(member.machine).read(v -> v.events(1, member.machine.currentRevision()));
        for (Probe p : probes) {
            assertEquals(expected(history, p), p.client().events(), "seed " + seed + ", watch " + p.request());
        }
    }

    private static Probe create(WatchHub hub, Member member, Random random) {
        WatchCreateRequest.Builder b = WatchCreateRequest.newBuilder().setKey(bs("k" + random.nextInt(8)))
                .setFragment(random.nextBoolean());
        switch (random.nextInt(3)) {
            case 0 -> b.setRangeEnd(bs("k" + (char) ('4' + random.nextInt(5))));
            case 1 -> b.setRangeEnd(bs("\0"));
            default -> { }
        }
        if (random.nextInt(4) == 0) {
            b.addFilters(random.nextBoolean() ? WatchCreateRequest.FilterType.NOPUT : WatchCreateRequest.FilterType.NODELETE);
        }
        long now = member.machine.currentRevision();
        long from = random.nextBoolean() ? 0 : 1 + random.nextInt((int) now + 1);
        b.setStartRevision(from);
        Recorder client = new Recorder();
        client.ready = random.nextBoolean();
        hub.open(Runnable::run, client).send(WatchRequest.newBuilder().setCreateRequest(b).build());
        return new Probe(b.build(), from == 0 ? now + 1 : from, client);
    }

    private static List<Event> expected(List<Event> history, Probe p) {
        Watcher w = new Watcher(null, 0, KeySpan.of(p.request().getKey().toByteArray(),
                p.request().getRangeEnd().toByteArray()), p.request(), p.from());
        return w.select(history);
    }
}
