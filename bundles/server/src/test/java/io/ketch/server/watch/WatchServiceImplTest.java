package io.ketch.server.watch;

import static io.ketch.server.watch.Member.bs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.WatchStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service on its own thread, with writers running at the same time. */
class WatchServiceImplTest {
    private final Member member = new Member();
    private WatchServiceImpl service;

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void stoppingTheServiceEndsStreamsWithServerStopped() throws Exception {
        service = new WatchServiceImpl(member.machine, member.headers, 1572864, 600_000);
        Recorder client = new Recorder();
        service.open(Caller.ANONYMOUS, client).send(prefix("k", 0));
        assertTrue(client.await(rs -> rs.size() == 1));
        service.close();
        assertTrue(client.closed.await(10, java.util.concurrent.TimeUnit.SECONDS));
        // an error, not a normal end, so clients such as jetcd resume the watch
        assertEquals("etcdserver: server stopped", client.closedWith.getMessage());
    }

    private static WatchRequest prefix(String p, long startRev) {
        return WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder().setKey(bs(p))
                .setRangeEnd(bs(p.substring(0, p.length() - 1) + (char) (p.charAt(p.length() - 1) + 1)))
                .setStartRevision(startRev)).build();
    }

    private static List<Long> revisions(Recorder r) {
        return r.events().stream().map(e -> e.getKv().getModRevision()).toList();
    }

    private static boolean reached(List<WatchResponse> rs, long rev) {
        return !rs.isEmpty() && rs.get(rs.size() - 1).getEventsList().stream()
                .anyMatch(e -> e.getKv().getModRevision() == rev);
    }

    @Test
    void catchUpUnderConcurrentWritesMissesAndRepeatsNothing() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        service = new WatchServiceImpl(member.machine, member.headers, 1572864, 600_000);
        int writes = 3000;
        int openAfter = random.nextInt(writes);
        Recorder client = new Recorder();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < writes; i++) {
                if (i == openAfter) {
                    WatchStream s = service.open(Caller.ANONYMOUS, client);
                    s.send(prefix("k", 2));
                }
                member.put("k" + random.nextInt(50), "v" + i);
            }
        });
        writer.join();
        long last = writes + 1;
        assertTrue(client.await(rs -> reached(rs, last)), "seed " + seed + ": never reached " + last);
        assertEquals(LongStream.rangeClosed(2, last).boxed().toList(), revisions(client), "seed " + seed);
    }

    @Test
    void slowWatcherHoldsUpNeitherWritesNorAnotherWatcher() throws Exception {
        service = new WatchServiceImpl(member.machine, member.headers, 1572864, 600_000);
        Recorder slow = new Recorder();
        slow.ready = false;
        Recorder fast = new Recorder();
        service.open(Caller.ANONYMOUS, slow).send(prefix("k", 0));
        service.open(Caller.ANONYMOUS, fast).send(prefix("k", 0));
        assertTrue(slow.await(rs -> rs.size() == 1) && fast.await(rs -> rs.size() == 1), "created");
        for (int i = 0; i < 500; i++) {
            member.put("k" + i, "v");
        }
        assertTrue(fast.await(rs -> reached(rs, 501)));
        assertEquals(LongStream.rangeClosed(2, 501).boxed().toList(), revisions(fast));
        slow.ready = true;
        assertTrue(slow.await(rs -> reached(rs, 501)));
        assertEquals(LongStream.rangeClosed(2, 501).boxed().toList(), revisions(slow));
    }

    @Test
    void progressNotificationsComeAtTheConfiguredInterval() throws Exception {
        service = new WatchServiceImpl(member.machine, member.headers, 1572864, 20);
        Recorder client = new Recorder();
        service.open(Caller.ANONYMOUS, client).send(WatchRequest.newBuilder().setCreateRequest(
                WatchCreateRequest.newBuilder().setKey(bs("foo")).setProgressNotify(true)).build());
        assertTrue(client.await(rs -> rs.size() >= 2));
        WatchResponse progress = client.responses().get(1);
        assertEquals(0, progress.getWatchId());
        assertEquals(0, progress.getEventsCount());
        assertEquals(1, progress.getHeader().getRevision());
    }
}
