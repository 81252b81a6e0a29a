package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code etcdctl watch} against etcd 3.4.23 and Ketch side by side: the watch runs as a background
 * etcdctl, the test writes, then stops it and compares what each printed (normalized). A plain watch
 * is known to be established once a "ping" put to its key shows up; the compared part starts after
 * a "begin" put and ends with an "end" put, so the number of pings does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchE2eTest {
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private MemberProcess etcd;
    private MemberProcess ketch;
    private Path work;

    @BeforeAll
    void startBoth(@TempDir Path dir) {
        work = dir;
        Binaries.requireKetch();
        etcd = new EtcdOnOwnPorts("w1", dir.resolve("etcd"));
        ketch = new KetchOnOwnPorts("w1", dir.resolve("ketch"));
        etcd.startAsync();
        ketch.startAsync();
        etcd.awaitReady();
        ketch.awaitReady();
    }

    @AfterAll
    void stopBoth() {
        if (ketch != null) {
            ketch.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void keyWatchPrintsWhatEtcdPrints() {
        compareLive("foo", "foo", List.of("watch", "foo"), ctl -> {
            ctl.run("put", "foo", "a");
            ctl.run("put", "bar", "x");
            ctl.run("put", "foo", "b");
            ctl.run("del", "foo");
        });
    }

    @Test
    void prefixWatchPrintsWhatEtcdPrints() {
        compareLive("pre/", "pre/ping", List.of("watch", "--prefix", "pre/"), ctl -> {
            ctl.run("put", "pre/a", "1");
            ctl.run("put", "prf", "1");
            ctl.run("put", "pre/b", "2");
            ctl.run("del", "pre/a");
            ctl.run("del", "--prefix", "pre/");
        });
    }

    @Test
    void prevKvWatchPrintsWhatEtcdPrints() {
        compareLive("pk", "pk", List.of("watch", "--prev-kv", "pk"), ctl -> {
            ctl.run("put", "pk", "1");
            ctl.run("put", "pk", "2");
            ctl.run("del", "pk");
        });
    }

    @Test
    void watchFromAPastRevisionPrintsWhatEtcdPrints() {
        String expected = pastWatch(etcd);
        assertTrue(expected.contains("DELETE"), expected);
        assertEquals(expected, pastWatch(ketch));
    }

    private String pastWatch(MemberProcess m) {
        Etcdctl ctl = m.etcdctl();
        long from = revision(m) + 1;
        ctl.run("put", "r", "1");
        ctl.run("put", "r2", "x");
        ctl.run("put", "r", "2");
        ctl.run("del", "r");
        ctl.run("put", "r", "end");
        BackgroundEtcdctl watch = BackgroundEtcdctl.start(m, work, false, "watch", "--rev", Long.toString(from), "r");
        watch.awaitLine("end");
        watch.stop();
        return new OutputNormalizer(m).normalize(watch.stdout());
    }

    @Test
    void interactiveWatchWithProgressPrintsWhatEtcdPrints() {
        alignRevisions();
        String expected = interactive(etcd);
        assertTrue(expected.contains("progress notify"), expected);
        assertEquals(expected, interactive(ketch));
    }

    private String interactive(MemberProcess m) {
        Etcdctl ctl = m.etcdctl();
        BackgroundEtcdctl watch = BackgroundEtcdctl.start(m, work, true, "watch", "-i");
        // the progress answer comes after the watch's created answer on the same stream
        watch.write("watch ik\nprogress\n");
        watch.awaitCount("progress notify", 1);
        ctl.run("put", "ik", "1");
        ctl.run("put", "other", "1");
        ctl.run("put", "ik", "2");
        watch.write("progress\n");
        watch.awaitCount("progress notify", 2);
        watch.closeInput();
        int exit = watch.awaitExit();
        OutputNormalizer n = new OutputNormalizer(m);
        return "exit " + exit + "\nstdout:\n" + n.normalize(watch.stdout()) + "\nstderr:\n" + n.normalize(watch.stderr());
    }

    @Test
    void watchOnACompactedRevisionIsCanceledAsInEtcd() {
        String expected = compacted(etcd);
        assertTrue(expected.contains("compacted"), expected);
        assertEquals(expected, compacted(ketch));
    }

    private String compacted(MemberProcess m) {
        Etcdctl ctl = m.etcdctl();
        ctl.run("put", "c", "1");
        ctl.run("put", "c", "2");
        ctl.run("compact", Long.toString(revision(m)));
        return new OutputNormalizer(m).normalize(ctl.run("watch", "--rev", "2", "c"));
    }

    @Test
    void jetcdWatchFromARevisionWithPrevKvSeesWhatEtcdSees() throws Exception {
        String expected = jetcdPast(etcd);
        assertTrue(expected.contains("DELETE"), expected);
        assertEquals(expected, jetcdPast(ketch));
    }

    /** Events as "type key=value prev=value @revision-from", so the two members' histories compare. */
    private String jetcdPast(MemberProcess m) throws Exception {
        Etcdctl ctl = m.etcdctl();
        long from = revision(m) + 1;
        ctl.run("put", "j/a", "1");
        ctl.run("put", "j/a", "2");
        ctl.run("put", "k", "x");
        ctl.run("del", "j/a");
        ctl.run("put", "j/end", "end");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch end = new CountDownLatch(1);
        try (Client client = JetcdClients.connect(m);
                Watch.Watcher w = client.getWatchClient().watch(bytes("j/"), WatchOption.builder()
                        .isPrefix(true).withPrevKV(true).withRevision(from).build(), r -> r.getEvents().forEach(e -> {
                            seen.add(describe(e, from));
                            if (e.getKeyValue().getKey().toString().equals("j/end")) {
                                end.countDown();
                            }
                        }))) {
            assertTrue(end.await(20, TimeUnit.SECONDS), m.kind() + " saw only " + seen);
        }
        return String.join("\n", seen);
    }

    @Test
    void jetcdWatchResumesAcrossARestartWithoutGapOrRepeat() throws Exception {
        String expected = jetcdAcrossRestart(etcd);
        assertEquals("1 2 3 4 5 6", expected);
        assertEquals(expected, jetcdAcrossRestart(ketch));
    }

    /** The values a live prefix watch saw, with puts before and after a restart of the member. */
    private String jetcdAcrossRestart(MemberProcess m) throws Exception {
        List<String> values = new CopyOnWriteArrayList<>();
        List<Long> revisions = new CopyOnWriteArrayList<>();
        CountDownLatch created = new CountDownLatch(1);
        CountDownLatch last = new CountDownLatch(1);
        try (Client client = JetcdClients.connect(m);
                Watch.Watcher w = client.getWatchClient().watch(bytes("rs/"), WatchOption.builder().isPrefix(true)
                        .withCreateNotify(true).build(), r -> {
                            if (r.isCreatedNotify()) {
                                created.countDown();
                            }
                            r.getEvents().forEach(e -> {
                                values.add(e.getKeyValue().getValue().toString());
                                revisions.add(e.getKeyValue().getModRevision());
                                if (e.getKeyValue().getValue().toString().equals("6")) {
                                    last.countDown();
                                }
                            });
                        })) {
            assertTrue(created.await(20, TimeUnit.SECONDS), m.kind() + ": watch not created");
            for (int i = 1; i <= 3; i++) {
                m.etcdctl().run("put", "rs/" + i, Integer.toString(i));
            }
            m.stop();
            m.start();
            for (int i = 4; i <= 6; i++) {
                m.etcdctl().run("put", "rs/" + i, Integer.toString(i));
            }
            assertTrue(last.await(30, TimeUnit.SECONDS), m.kind() + " saw only " + values);
        }
        for (int i = 1; i < revisions.size(); i++) {
            assertTrue(revisions.get(i) > revisions.get(i - 1), m.kind() + ": revisions " + revisions);
        }
        return String.join(" ", values);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String describe(WatchEvent e, long from) {
        io.etcd.jetcd.KeyValue kv = e.getKeyValue();
        io.etcd.jetcd.KeyValue prev = e.getPrevKV();
        return e.getEventType() + " " + kv.getKey() + "=" + kv.getValue()
                + " prev=" + (prev == null || prev.getKey().isEmpty() ? "-" : prev.getValue().toString())
                + " @" + (kv.getModRevision() - from);
    }

    /** Runs the same live watch on both and compares what each printed between "begin" and "end". */
    private void compareLive(String key, String pingKey, List<String> args, Consumer<Etcdctl> writes) {
        String expected = live(etcd, pingKey, args, writes);
        assertTrue(expected.contains("PUT") && expected.contains("end"), expected);
        assertEquals(expected, live(ketch, pingKey, args, writes), "watch " + key);
    }

    private String live(MemberProcess m, String pingKey, List<String> args, Consumer<Etcdctl> writes) {
        Etcdctl ctl = m.etcdctl();
        BackgroundEtcdctl watch = BackgroundEtcdctl.start(m, work, false, args.toArray(String[]::new));
        for (int i = 0; i < 100 && !watch.stdout().contains("ping"); i++) {
            ctl.run("put", pingKey, "ping");
            watch.pause(100);
        }
        assertTrue(watch.stdout().contains("ping"), m.kind() + ": watch never saw a ping\n" + watch.stderr());
        ctl.run("put", pingKey, "begin");
        watch.awaitLine("begin");
        writes.accept(ctl);
        ctl.run("put", pingKey, "end");
        watch.awaitLine("end");
        watch.stop();
        String out = watch.stdout();
        return new OutputNormalizer(m).normalize(out.substring(out.indexOf("\nbegin\n") + "\nbegin\n".length()));
    }

    /** Puts a filler key on the member that is behind until both are at the same revision. */
    private void alignRevisions() {
        for (int i = 0; i < 1000; i++) {
            long e = revision(etcd);
            long k = revision(ketch);
            if (e == k) {
                return;
            }
            (e < k ? etcd : ketch).etcdctl().run("put", "filler", "x");
        }
        fail("revisions never aligned");
    }

    private static long revision(MemberProcess m) {
        Etcdctl.Result r = m.etcdctl().run("get", "nothing", "-w", "json");
        Matcher matcher = REVISION.matcher(r.stdout());
        assertTrue(matcher.find(), r.toString());
        return Long.parseLong(matcher.group(1));
    }

    /** Ports 30000-30999: the range this suite was given, away from the shared harness range. */
    private static final AtomicInteger NEXT_PORT =
            new AtomicInteger(30000 + (int) (ProcessHandle.current().pid() * 13 % 1000));

    static int ownPort() {
        for (int tries = 0; tries < 1000; tries++) {
            int port = 30000 + NEXT_PORT.getAndIncrement() % 1000;
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in 30000-30999");
    }

    /** The real etcd on ports of this suite's range. */
    static final class EtcdOnOwnPorts extends MemberProcess {
        private final int client = ownPort();
        private final int peer = ownPort();

        EtcdOnOwnPorts(String name, Path workDir) {
            super(name, workDir);
        }

        @Override public String kind() { return "etcd"; }
        @Override public int clientPort() { return client; }
        @Override public int peerPort() { return peer; }
        @Override public String clientUrl() { return "http://127.0.0.1:" + client; }
        @Override public String peerUrl() { return "http://127.0.0.1:" + peer; }

        @Override
        protected List<String> command(List<String> etcdFlags) {
            List<String> cmd = new ArrayList<>(List.of(Binaries.ETCD.toString()));
            cmd.addAll(etcdFlags);
            return cmd;
        }
    }

    /** Ketch's launcher on ports of this suite's range. */
    static final class KetchOnOwnPorts extends MemberProcess {
        private final int client = ownPort();
        private final int peer = ownPort();

        KetchOnOwnPorts(String name, Path workDir) {
            super(name, workDir);
        }

        @Override public String kind() { return "ketch"; }
        @Override public int clientPort() { return client; }
        @Override public int peerPort() { return peer; }
        @Override public String clientUrl() { return "http://127.0.0.1:" + client; }
        @Override public String peerUrl() { return "http://127.0.0.1:" + peer; }

        @Override
        protected List<String> command(List<String> etcdFlags) {
            List<String> cmd = new ArrayList<>(List.of(Binaries.ketch().toString()));
            cmd.addAll(etcdFlags);
            return cmd;
        }
    }

    /** An etcdctl left running (a watch): output to files, stdin optionally kept open. */
    static final class BackgroundEtcdctl {
        private static final long WAIT_MILLIS = 20_000;
        private final Process process;
        private final Path out;
        private final Path err;
        private final OutputStream in;

        private BackgroundEtcdctl(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.in = process.getOutputStream();
        }

        static BackgroundEtcdctl start(MemberProcess m, Path work, boolean keepInput, String... args) {
            List<String> cmd = new ArrayList<>(List.of(Binaries.ETCDCTL.toString(), "--endpoints=" + m.clientUrl(),
                    "--dial-timeout=5s"));
            cmd.addAll(List.of(args));
            try {
                Path out = Files.createTempFile(work, "watch", ".out");
                Path err = Files.createTempFile(work, "watch", ".err");
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("ETCDCTL_API", "3");
                BackgroundEtcdctl b = new BackgroundEtcdctl(pb.start(), out, err);
                if (!keepInput) {
                    b.closeInput();
                }
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        void write(String text) {
            try {
                in.write(text.getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void closeInput() {
            try {
                in.close();
            } catch (IOException ignored) {
                // already gone
            }
        }

        /** Polls (an external process's output: nothing to latch on) until a whole line equals text. */
        void awaitLine(String text) {
            await(() -> List.of(stdout().split("\n")).contains(text), "line " + text);
        }

        void awaitCount(String text, int count) {
            await(() -> stdout().split(Pattern.quote(text), -1).length - 1 >= count, count + " x " + text);
        }

        int awaitExit() {
            try {
                if (!process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    stop();
                    fail("etcdctl did not exit\n" + stdout() + stderr());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void stop() {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void await(java.util.function.BooleanSupplier done, String what) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    stop();
                    fail("etcdctl never printed " + what + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr());
                }
                pause(50);
            }
        }

        void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
