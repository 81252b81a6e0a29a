package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against real {@code bin/ketch} clusters (ports 36000-36999), each under a small client
 * write load: a paused leader, a follower that must catch up by snapshot, lost quorum, and a
 * 5-member cluster losing two members. Every case ends with every acknowledged write on every
 * member and equal {@code endpoint hashkv} hashes at one revision.
 */
class ClusterFaultE2eTest {
    private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();

    /** A member on its own ports in this test's range, with the clustering guide's flags plus extras. */
    static final class Member extends MemberProcess {
        private final int client;
        private final int peer;
        private String initialCluster = "";

        Member(String name, Path work) {
            super(name, work);
            Binaries.requireKetch();
            this.client = freePort();
            this.peer = freePort();
        }

        @Override
        public String kind() {
            return "ketch";
        }

        @Override
        public String clientUrl() {
            return "http://127.0.0.1:" + client;
        }

        @Override
        public String peerUrl() {
            return "http://127.0.0.1:" + peer;
        }

        @Override
        protected List<String> command(List<String> ignored) {
            List<String> cmd = new ArrayList<>(List.of(Binaries.ketch().toString(), "--name", name(),
                    "--data-dir", dataDir().toString(),
                    "--initial-advertise-peer-urls", peerUrl(), "--listen-peer-urls", peerUrl(),
                    "--listen-client-urls", clientUrl(), "--advertise-client-urls", clientUrl(),
                    "--initial-cluster-token", "fault-cluster", "--initial-cluster", initialCluster,
                    "--initial-cluster-state", "new", "--snapshot-count", "50"));
            return cmd;
        }

        /** SIGSTOP or SIGCONT to every process running this member (the launcher script and its JVM). */
        void signal(String sig) {
            List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig));
            String dir = dataDir().toString();
            ProcessHandle.allProcesses()
                    .filter(h -> h.info().commandLine().map(c -> c.contains(dir)).orElse(false))
                    .forEach(h -> cmd.add(Long.toString(h.pid())));
            assertTrue(cmd.size() > 2, "no process of " + name());
            try {
                new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        for (int port = 36000 + (int) (ProcessHandle.current().pid() % 300) * 2; port < 37000; port++) {
            if (!TAKEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // next
            }
        }
        throw new IllegalStateException("no free port in 36000-36999");
    }

    private static List<Member> cluster(Path work, int size) {
        List<Member> ms = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ms.add(new Member("f" + i, work));
        }
        String initial = ms.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
        ms.forEach(m -> m.initialCluster = initial);
        ms.forEach(MemberProcess::startAsync);
        ms.forEach(MemberProcess::awaitReady);
        return ms;
    }

    private static String endpoints(List<Member> ms) {
        return ms.stream().map(MemberProcess::clientUrl).collect(Collectors.joining(","));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // external processes: nothing to latch on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The members whose endpoint status says IS LEADER true (unreachable ones are skipped). */
    private static List<Member> leaders(List<Member> ms) {
        List<Member> out = new ArrayList<>();
        for (Member m : ms) {
            Etcdctl.Result r = m.etcdctl().run(null, Duration.ofSeconds(5), "endpoint", "status", "-w", "json",
                    "--command-timeout=2s");
            Matcher leader = Pattern.compile("\"leader\":(\\d+)").matcher(r.stdout());
            Matcher id = Pattern.compile("\"member_id\":(\\d+)").matcher(r.stdout());
            if (r.exitCode() == 0 && leader.find() && id.find() && leader.group(1).equals(id.group(1))) {
                out.add(m);
            }
        }
        return out;
    }

    private static Member awaitOneLeader(List<Member> ms) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Member> l = List.of();
        while (System.nanoTime() < deadline) {
            l = leaders(ms);
            if (l.size() == 1) {
                return l.get(0);
            }
            pause(200);
        }
        fail("not exactly one leader among " + endpoints(ms) + ": " + l.stream().map(Member::name).toList());
        return null;
    }

    /** A bounded writer through the given endpoints: distinct keys, remembering which puts were acknowledged. */
    static final class Load implements AutoCloseable {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Load(String prefix, String endpoints, int max) {
            Etcdctl ctl = new Etcdctl(endpoints);
            thread = new Thread(() -> {
                for (int i = 0; i < max && !stop.get(); i++) {
                    String key = prefix + i;
                    if (ctl.run(null, Duration.ofSeconds(8), "put", key, "v" + i, "--command-timeout=3s").exitCode() == 0) {
                        acked.add(key);
                    }
                }
            }, "fault-load-" + prefix);
            thread.setDaemon(true);
            thread.start();
        }

        void awaitAcks(int n, int seconds) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (acked.size() < n && thread.isAlive() && System.nanoTime() < deadline) {
                pause(100);
            }
            assertTrue(acked.size() >= n, "only " + acked.size() + " of " + n + " writes acknowledged");
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(20_000);
        }
    }

    /** Waits until every member reports the same KV hash at the same revision, then checks each holds every acknowledged key. */
    private static void assertConverged(List<Member> ms, Set<String> acked, String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Set<String> states = new HashSet<>();
            for (Member m : ms) {
                Etcdctl.Result r = m.etcdctl().run(null, Duration.ofSeconds(5), "endpoint", "hashkv", "-w", "json",
                        "--command-timeout=2s");
                Matcher rev = Pattern.compile("\"revision\":(\\d+)").matcher(r.stdout());
                Matcher hash = Pattern.compile("\"hash\":(\\d+)").matcher(r.stdout());
                states.add(r.exitCode() == 0 && rev.find() && hash.find() ? rev.group(1) + "/" + hash.group(1) : "error " + r);
            }
            last = states.toString();
            if (states.size() == 1 && !last.contains("error")) {
                break;
            }
            pause(300);
        }
        assertEquals(1, last.split(",").length, "members disagree (revision/hash): " + last);
        for (Member m : ms) {
            Etcdctl.Result r = m.etcdctl().run("get", prefix, "--prefix", "--keys-only", "--consistency=s");
            assertEquals(0, r.exitCode(), r.toString());
            Set<String> present = Arrays.stream(r.stdout().split("\n")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(present);
            assertTrue(missing.isEmpty(), m.name() + " lost acknowledged writes " + missing);
        }
    }

    private static AssertionError withLogs(AssertionError e, List<Member> ms) {
        StringBuilder logs = new StringBuilder(String.valueOf(e.getMessage()));
        ms.forEach(m -> logs.append('\n').append(m.logTail(20)));
        return new AssertionError(logs.toString(), e);
    }

    /** (a) A leader paused past the election timeout is replaced; resumed, it steps down and loses nothing. */
    @Test
    void pausedLeaderIsReplacedAndStepsDownWhenResumed(@TempDir Path work) throws Exception {
        List<Member> ms = cluster(work, 3);
        try (Load load = new Load("a/", endpoints(ms), 60)) {
            Member old = awaitOneLeader(ms);
            load.awaitAcks(5, 20);
            old.signal("STOP");
            try {
                List<Member> others = ms.stream().filter(m -> m != old).toList();
                Member fresh = awaitOneLeader(others);
                assertNotEquals(old, fresh);
                int before = load.acked.size();
                load.awaitAcks(before + 3, 20);
            } finally {
                old.signal("CONT");
            }
            pause(1500); // a heartbeat interval or two for the resumed member to hear the new term
            load.close();
            Member now = awaitOneLeader(ms);
            assertNotEquals(old, now, "the resumed old leader must have stepped down");
            assertConverged(ms, load.acked, "a/");
        } catch (AssertionError e) {
            throw withLogs(e, ms);
        } finally {
            ms.forEach(m -> m.signal("CONT"));
            ms.forEach(MemberProcess::close);
        }
    }

    /**
     * Ketch keeps etcd's 5000 catch-up entries after each snapshot, so the leader must be this far
     * past the dead follower before it can only send a snapshot.
     */
    private static final int PAST_CATCH_UP = 5300;

    /**
     * (b) A follower killed while the log is compacted past it catches up from a snapshot on restart.
     * It found a State Machine Safety bug: the leader labelled the latest snapshot's data with the
     * compaction point's index (5000 entries earlier), and the follower re-applied those entries on
     * top of it. A snapshot sent to a follower now carries the index its data was taken at.
     */
    @Test
    void killedFollowerCatchesUpBySnapshot(@TempDir Path work) throws Exception {
        List<Member> ms = cluster(work, 3);
        try {
            Member leader = awaitOneLeader(ms);
            Member follower = ms.stream().filter(m -> m != leader).findFirst().orElseThrow();
            follower.kill();
            Set<String> acked = bulkPut(leader, "b/", PAST_CATCH_UP);
            follower.startAsync();
            follower.awaitReady();
            assertConverged(ms, acked, "b/");
            Matcher saved = Pattern.compile("saved snapshot at index (\\d+)").matcher(follower.logTail(5000));
            assertTrue(saved.find(), "the follower saved no snapshot\n" + follower.logTail(30));
            // caught up entry by entry it would save its first snapshot about 50 entries in
            assertTrue(Long.parseLong(saved.group(1)) > PAST_CATCH_UP - 100,
                    "the follower's first snapshot is at " + saved.group(1) + ": it replayed the log instead");
        } catch (AssertionError e) {
            throw withLogs(e, ms);
        } finally {
            ms.forEach(MemberProcess::close);
        }
    }

    /** Pipelined jetcd puts (a window of 100 in flight), returning the acknowledged keys. */
    private static Set<String> bulkPut(Member via, String prefix, int count) throws InterruptedException {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(100);
        try (io.etcd.jetcd.Client client = JetcdClients.connect(via)) {
            for (int i = 0; i < count; i++) {
                String key = prefix + i;
                window.acquire();
                client.getKVClient().put(io.etcd.jetcd.ByteSequence.from(key, java.nio.charset.StandardCharsets.UTF_8),
                        io.etcd.jetcd.ByteSequence.from("v", java.nio.charset.StandardCharsets.UTF_8))
                        .whenComplete((r, e) -> {
                            if (e == null) {
                                acked.add(key);
                            }
                            window.release();
                        });
            }
            assertTrue(window.tryAcquire(100, 60, TimeUnit.SECONDS), "puts still in flight after 60 s");
        }
        assertTrue(acked.size() > count * 9 / 10, "only " + acked.size() + " of " + count + " bulk puts acknowledged");
        return acked;
    }

    /** (c) Without quorum writes fail within their timeout and nothing acknowledged is lost; quorum back, writes resume. */
    @Test
    void lostQuorumRefusesWritesThenRecovers(@TempDir Path work) throws Exception {
        List<Member> ms = cluster(work, 3);
        try {
            Load before = new Load("c/", endpoints(ms), 10);
            before.awaitAcks(10, 30);
            before.close();
            Member survivor = ms.get(0);
            ms.get(1).kill();
            ms.get(2).kill();
            Etcdctl.Result refused = survivor.etcdctl().run(null, Duration.ofSeconds(15), "put", "c/no-quorum", "x",
                    "--command-timeout=3s");
            assertNotEquals(0, refused.exitCode(), "a write without quorum must not be acknowledged: " + refused);
            ms.get(1).startAsync();
            ms.get(2).startAsync();
            ms.get(1).awaitReady();
            ms.get(2).awaitReady();
            awaitOneLeader(ms);
            try (Load after = new Load("c/after-", endpoints(ms), 10)) {
                after.awaitAcks(10, 30);
                after.close();
                Set<String> acked = new HashSet<>(before.acked);
                acked.addAll(after.acked);
                assertConverged(ms, acked, "c/");
            }
        } catch (AssertionError e) {
            throw withLogs(e, ms);
        } finally {
            ms.forEach(MemberProcess::close);
        }
    }

    /** (d) Five members keep serving writes with two of them gone (a quorum of three remains). */
    @Test
    void fiveMembersServeWithTwoDown(@TempDir Path work) throws Exception {
        List<Member> ms = cluster(work, 5);
        try {
            Member leader = awaitOneLeader(ms);
            List<Member> down = ms.stream().filter(m -> m != leader).limit(1).collect(Collectors.toCollection(ArrayList::new));
            down.add(leader);
            List<Member> up = ms.stream().filter(m -> !down.contains(m)).toList();
            try (Load load = new Load("d/", endpoints(up), 40)) {
                load.awaitAcks(3, 20);
                down.forEach(MemberProcess::kill);
                int before = load.acked.size();
                load.awaitAcks(before + 10, 40);
                load.close();
                awaitOneLeader(up);
                assertConverged(up, load.acked, "d/");
            }
        } catch (AssertionError e) {
            throw withLogs(e, ms);
        } finally {
            ms.forEach(MemberProcess::close);
        }
    }
}
