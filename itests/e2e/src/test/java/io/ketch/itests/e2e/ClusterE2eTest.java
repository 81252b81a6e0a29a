package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's clustering guide, static bootstrap, on Ketch: three {@code bin/ketch} processes with the
 * guide's flags form one cluster with one leader, replicate writes, and survive kill -9 of the
 * leader without losing an acknowledged write; move-leader hands leadership to a chosen member.
 */
class ClusterE2eTest {
    private static final String TOKEN = "etcd-cluster-1";

    /** A member started with exactly the guide's flags (ports from this test's range 28000-28999). */
    static final class GuideMember extends MemberProcess {
        private final int client;
        private final int peer;
        private final String initialCluster;

        GuideMember(String name, Path work, int client, int peer, String initialCluster) {
            super(name, work);
            Binaries.requireKetch();
            this.client = client;
            this.peer = peer;
            this.initialCluster = initialCluster;
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
            return List.of(Binaries.ketch().toString(), "--name", name(), "--data-dir", dataDir().toString(),
                    "--initial-advertise-peer-urls", peerUrl(), "--listen-peer-urls", peerUrl(),
                    "--listen-client-urls", clientUrl(), "--advertise-client-urls", clientUrl(),
                    "--initial-cluster-token", TOKEN, "--initial-cluster", initialCluster,
                    "--initial-cluster-state", "new");
        }
    }

    private static int freePort(Set<Integer> taken) {
        for (int port = 28000 + (int) (ProcessHandle.current().pid() % 400) * 2; port < 29000; port++) {
            if (taken.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                taken.add(port);
                return port;
            } catch (IOException busy) {
                // next
            }
        }
        throw new IllegalStateException("no free port in 28000-28999");
    }

    private static String endpoints(List<GuideMember> ms) {
        return ms.stream().map(MemberProcess::clientUrl).collect(Collectors.joining(","));
    }

    /** Rows of an etcdctl table as cells, header first. */
    private static List<List<String>> table(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("|")) {
                rows.add(Arrays.stream(line.substring(1).split("\\|")).map(String::trim).toList());
            }
        }
        return rows;
    }

    /** The client URLs whose endpoint status says IS LEADER true. */
    private static List<String> leaders(List<GuideMember> ms) {
        Etcdctl.Result r = new Etcdctl(endpoints(ms)).run("endpoint", "status", "-w", "table");
        List<List<String>> rows = table(r.stdout());
        if (rows.isEmpty()) {
            return List.of();
        }
        int leaderCol = rows.get(0).indexOf("IS LEADER");
        return rows.stream().skip(1).filter(row -> "true".equals(row.get(leaderCol))).map(row -> row.get(0)).toList();
    }

    /** A member's id (hex) as its endpoint status reports it. */
    private static String memberId(MemberProcess m) {
        List<List<String>> rows = table(m.etcdctl().run("endpoint", "status", "-w", "table").stdout());
        return rows.size() < 2 ? "?" : rows.get(1).get(rows.get(0).indexOf("ID"));
    }

    private static List<String> awaitOneLeader(List<GuideMember> ms) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> l = List.of();
        while (System.nanoTime() < deadline) {
            l = leaders(ms);
            if (l.size() == 1) {
                return l;
            }
            pause();
        }
        fail("no single leader among " + endpoints(ms) + ": " + l);
        return l;
    }

    private static void pause() {
        try {
            Thread.sleep(200); // external processes: nothing to latch on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> keys(MemberProcess m, String prefix) {
        Etcdctl.Result r = m.etcdctl().run("get", prefix, "--prefix", "--keys-only");
        assertEquals(0, r.exitCode(), r.toString());
        return Arrays.stream(r.stdout().split("\n")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }

    private static void awaitAcks(Set<String> acked, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acked.size() < n) {
            if (System.nanoTime() > deadline) {
                fail("only " + acked.size() + " writes acknowledged, wanted " + n);
            }
            pause();
        }
    }

    @Test
    void threeMembersBootstrapReplicateAndSurviveLosingTheLeader(@TempDir Path work) throws InterruptedException {
        Set<Integer> taken = new LinkedHashSet<>();
        int[] client = new int[3];
        int[] peer = new int[3];
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            client[i] = freePort(taken);
            peer[i] = freePort(taken);
            initial.add("machine-" + (i + 1) + "=http://127.0.0.1:" + peer[i]);
        }
        List<GuideMember> ms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ms.add(new GuideMember("machine-" + (i + 1), work, client[i], peer[i], String.join(",", initial)));
        }
        try {
            ms.forEach(MemberProcess::startAsync);
            ms.forEach(MemberProcess::awaitReady);
            Etcdctl all = new Etcdctl(endpoints(ms));

            Etcdctl.Result list = all.run("member", "list", "-w", "table");
            assertEquals(0, list.exitCode(), list.toString());
            List<List<String>> rows = table(list.stdout());
            assertEquals(4, rows.size(), "header + 3 members:\n" + list.stdout());
            for (int i = 0; i < 3; i++) {
                assertTrue(list.stdout().contains("| machine-" + (i + 1) + " | http://127.0.0.1:" + peer[i]
                        + " | http://127.0.0.1:" + client[i] + " |"), list.stdout());
            }

            // move-leader: the leader hands over to a follower
            String firstLeader = awaitOneLeader(ms).get(0);
            GuideMember from = ms.stream().filter(m -> m.clientUrl().equals(firstLeader)).findFirst().orElseThrow();
            GuideMember to = ms.stream().filter(m -> m != from).findFirst().orElseThrow();
            Etcdctl.Result moved = from.etcdctl().run("move-leader", memberId(to));
            assertEquals("Leadership transferred from " + memberId(from) + " to " + memberId(to) + "\n", moved.stdout(),
                    moved.toString());
            assertEquals(List.of(to.clientUrl()), awaitOneLeader(ms));

            String leaderUrl = awaitOneLeader(ms).get(0);
            GuideMember leader = ms.stream().filter(m -> m.clientUrl().equals(leaderUrl)).findFirst().orElseThrow();
            List<GuideMember> survivors = ms.stream().filter(m -> m != leader).toList();

            // a put on a follower is read, linearizably, on every member
            Etcdctl.Result put = survivors.get(0).etcdctl().run("put", "foo", "bar");
            assertEquals(0, put.exitCode(), put.toString());
            for (GuideMember m : ms) {
                Etcdctl.Result get = m.etcdctl().run("get", "foo", "--print-value-only");
                assertEquals("bar\n", get.stdout(), m.name() + ": " + get);
            }

            Set<String> acked = new LinkedHashSet<>();
            for (int i = 0; i < 10; i++) {
                GuideMember via = ms.get(i % 3);
                if (via.etcdctl().run("put", "k/before-" + i, "v").exitCode() == 0) {
                    acked.add("k/before-" + i);
                }
            }
            // a writer keeps going through all three endpoints while the leader dies
            Set<String> during = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean stopWriting = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stopWriting.get(); i++) {
                    if (all.run(null, Duration.ofSeconds(20), "put", "k/during-" + i, "v").exitCode() == 0) {
                        during.add("k/during-" + i);
                    }
                }
            }, "cluster-e2e-writer");
            writer.start();
            awaitAcks(during, 3);
            leader.kill();
            awaitOneLeader(survivors);
            int beforeReElection = during.size();
            awaitAcks(during, beforeReElection + 3);
            stopWriting.set(true);
            writer.join(30_000);
            acked.addAll(during);
            Etcdctl viaSurvivors = new Etcdctl(endpoints(survivors));
            for (int i = 0; i < 10; i++) {
                Etcdctl.Result r = viaSurvivors.run("put", "k/after-" + i, "v");
                assertEquals(0, r.exitCode(), "write after re-election: " + r);
                acked.add("k/after-" + i);
            }
            for (GuideMember m : survivors) {
                Set<String> present = keys(m, "k/");
                assertTrue(present.containsAll(acked), m.name() + " lacks acknowledged writes: acked " + acked
                        + ", present " + present);
            }
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            ms.forEach(m -> logs.append('\n').append(m.logTail(25)));
            throw new AssertionError(logs.toString(), e);
        } finally {
            ms.forEach(MemberProcess::close);
        }
    }
}
