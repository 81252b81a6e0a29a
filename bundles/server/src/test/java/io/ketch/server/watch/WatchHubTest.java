package io.ketch.server.watch;

import static io.ketch.server.watch.Member.bs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.WatchCancelRequest;
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchProgressRequest;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.spi.etcd.WatchStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub driven on the test thread: every commit reaches it synchronously, catch-up runs when called. */
class WatchHubTest {
    private final Member member = new Member();
    private final WatchHub hub = member.hub(1572864);
    private final Recorder client = new Recorder();
    private final WatchStream stream = hub.open(Runnable::run, client);

    private static WatchRequest create(WatchCreateRequest.Builder b) {
        return WatchRequest.newBuilder().setCreateRequest(b).build();
    }

    private static WatchCreateRequest.Builder key(String k) {
        return WatchCreateRequest.newBuilder().setKey(bs(k));
    }

    private static List<String> summary(List<Event> events) {
        return events.stream().map(e -> e.getType() + " " + e.getKv().getKey().toStringUtf8() + "="
                + e.getKv().getValue().toStringUtf8() + "@" + e.getKv().getModRevision()).toList();
    }

    @Test
    void createdResponseCarriesIdAndHeaderRevision() {
        member.put("a", "1");
        stream.send(create(key("foo")));
        WatchResponse created = client.responses().get(0);
        assertTrue(created.getCreated());
        assertEquals(0, created.getWatchId());
        assertEquals(2, created.getHeader().getRevision());
        assertEquals(io.ketch.server.testing.SyncConsensus.MEMBER_ID, created.getHeader().getMemberId());
    }

    @Test
    void syncedWatcherGetsOneResponsePerRevision() {
        stream.send(create(key("foo")));
        member.put("foo", "1");
        member.put("bar", "x");
        member.delete("foo");
        List<WatchResponse> r = client.responses();
        assertEquals(3, r.size());
        assertEquals(List.of("PUT foo=1@2"), summary(r.get(1).getEventsList()));
        assertEquals(2, r.get(1).getHeader().getRevision());
        assertEquals(List.of("DELETE foo=@4"), summary(r.get(2).getEventsList()));
    }

    @Test
    void rangeAndFromKeyWatchesSeeTheirKeys() {
        stream.send(create(key("b").setRangeEnd(bs("c"))));
        stream.send(create(key("b").setRangeEnd(bs("\0"))));
        member.put("a", "1");
        member.put("b1", "2");
        member.put("z", "3");
        List<String> range = client.events().stream().filter(e -> true).map(e -> e.getKv().getKey().toStringUtf8()).toList();
        assertEquals(List.of("b1", "b1", "z"), range);
        assertEquals(1, client.responses().stream().filter(r -> r.getWatchId() == 0 && r.getEventsCount() > 0).count());
    }

    @Test
    void pastStartRevisionCatchesUpThenGoesLive() {
        member.put("foo", "1");
        member.put("foo", "2");
        stream.send(create(key("foo").setStartRevision(2)));
        assertFalse(hub.syncUnsynced());
        member.put("foo", "3");
        assertEquals(List.of("PUT foo=1@2", "PUT foo=2@3", "PUT foo=3@4"), summary(client.events()));
    }

    @Test
    void noPutAndNoDeleteFiltersDropThoseEvents() {
        stream.send(create(key("foo").addFilters(WatchCreateRequest.FilterType.NOPUT)));
        stream.send(create(key("foo").addFilters(WatchCreateRequest.FilterType.NODELETE)));
        member.put("foo", "1");
        member.delete("foo");
        List<WatchResponse> r = client.responses().stream().filter(x -> x.getEventsCount() > 0).toList();
        assertEquals(2, r.size());
        assertEquals(1, r.get(0).getWatchId());
        assertEquals(Event.EventType.PUT, r.get(0).getEvents(0).getType());
        assertEquals(0, r.get(1).getWatchId());
        assertEquals(Event.EventType.DELETE, r.get(1).getEvents(0).getType());
    }

    @Test
    void prevKvIsTheValueBeforeEachNonCreateEvent() {
        stream.send(create(key("foo").setPrevKv(true)));
        member.put("foo", "1");
        member.put("foo", "2");
        member.delete("foo");
        List<Event> e = client.events();
        assertFalse(e.get(0).hasPrevKv());
        assertEquals("1", e.get(1).getPrevKv().getValue().toStringUtf8());
        assertEquals("2", e.get(2).getPrevKv().getValue().toStringUtf8());
        assertEquals(3, e.get(2).getPrevKv().getModRevision());
    }

    @Test
    void compactedStartRevisionCancelsWithCompactRevision() {
        member.put("foo", "1");
        member.put("foo", "2");
        member.put("foo", "3");
        member.compact(3);
        stream.send(create(key("foo").setStartRevision(2)));
        hub.syncUnsynced();
        WatchResponse last = client.responses().get(1);
        assertTrue(last.getCanceled());
        assertEquals(3, last.getCompactRevision());
        assertEquals(0, last.getEventsCount());
    }

    @Test
    void startAtCompactRevisionIsStillServed() {
        member.put("foo", "1");
        member.put("foo", "2");
        member.compact(3);
        stream.send(create(key("foo").setStartRevision(3)));
        hub.syncUnsynced();
        assertEquals(List.of("PUT foo=2@3"), summary(client.events()));
    }

    @Test
    void cancelAnswersCanceledAndStopsEvents() {
        stream.send(create(key("foo")));
        stream.send(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(0)).build());
        member.put("foo", "1");
        List<WatchResponse> r = client.responses();
        assertEquals(2, r.size());
        assertTrue(r.get(1).getCanceled());
        assertEquals(0, r.get(1).getWatchId());
    }

    @Test
    void cancelOfUnknownIdIsIgnored() {
        stream.send(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(7)).build());
        assertTrue(client.responses().isEmpty());
    }

    @Test
    void takenWatchIdIsRefusedAsEtcdDoes() {
        stream.send(create(key("foo").setWatchId(5)));
        stream.send(create(key("bar").setWatchId(5)));
        WatchResponse refused = client.responses().get(1);
        assertEquals(-1, refused.getWatchId());
        assertTrue(refused.getCreated() && refused.getCanceled());
        assertEquals("mvcc: duplicate watch ID provided on the WatchStream", refused.getCancelReason());
    }

    @Test
    void autoIdsSkipIdsTheClientChose() {
        stream.send(create(key("foo").setWatchId(1)));
        stream.send(create(key("foo")));
        stream.send(create(key("foo")));
        assertEquals(List.of(1L, 0L, 2L), client.responses().stream().map(WatchResponse::getWatchId).toList());
    }

    @Test
    void emptyRangeIsRefused() {
        stream.send(create(key("b").setRangeEnd(bs("a"))));
        assertEquals("mvcc: watcher range is empty", client.responses().get(0).getCancelReason());
    }

    @Test
    void progressRequestAnswersWithCurrentRevisionAndNoWatchId() {
        member.put("a", "1");
        stream.send(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
        WatchResponse r = client.responses().get(0);
        assertEquals(-1, r.getWatchId());
        assertEquals(2, r.getHeader().getRevision());
        assertEquals(0, r.getEventsCount());
    }

    @Test
    void progressTickSkipsWatchersThatGotEventsSinceTheLastTick() {
        stream.send(create(key("foo").setProgressNotify(true)));
        hub.progressTick();
        member.put("foo", "1");
        hub.progressTick();
        hub.progressTick();
        List<WatchResponse> r = client.responses();
        // created, progress at 1, event at 2, (tick elided), progress at 2
        assertEquals(4, r.size());
        assertEquals(1, r.get(1).getHeader().getRevision());
        assertEquals(0, r.get(3).getEventsCount());
        assertEquals(2, r.get(3).getHeader().getRevision());
    }

    @Test
    void slowWatcherKeepsItsEventsWithoutHoldingAnotherWatcher() {
        Recorder slow = new Recorder();
        WatchStream slowStream = hub.open(Runnable::run, slow);
        slowStream.send(create(key("foo")));
        stream.send(create(key("foo")));
        slow.ready = false;
        member.put("foo", "1");
        member.put("foo", "2");
        assertEquals(List.of("PUT foo=1@2", "PUT foo=2@3"), summary(client.events()));
        assertTrue(slow.events().isEmpty());
        hub.retryVictims();
        assertTrue(slow.events().isEmpty(), "still not ready");
        slow.ready = true;
        hub.retryVictims();
        hub.syncUnsynced();
        member.put("foo", "3");
        assertEquals(List.of("PUT foo=1@2", "PUT foo=2@3", "PUT foo=3@4"), summary(slow.events()));
    }

    @Test
    void revisionsThatNeverReachedTheHubAreReadFromHistory() {
        Member other = new Member();
        other.put("foo", "1");
        // a hub that believes the store is at revision 1: the put above bypassed it, as a restore would
        WatchHub behind = new WatchHub(new MachineHistory(other.machine), other.headers, 1572864, 1);
        other.machine.addCommitListener(behind::committed);
        Recorder c = new Recorder();
        behind.open(Runnable::run, c).send(create(key("foo").setStartRevision(2)));
        behind.syncUnsynced();
        other.put("foo", "2");
        behind.syncUnsynced();
        assertEquals(List.of("PUT foo=1@2", "PUT foo=2@3"), summary(c.events()));
    }

    @Test
    void closedStreamGetsNothingMore() {
        stream.send(create(key("foo")));
        stream.close();
        member.put("foo", "1");
        assertEquals(1, client.responses().size());
    }
}
