package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcdctl's lease commands against etcd 3.4.23 and Ketch side by side: grant, put with a lease,
 * timetolive (with keys, JSON), list, keep-alive --once, revoke (the key goes), the errors for a
 * revoked lease, a 5 s lease expiring with its key, the minimum TTL, and a lease with its key
 * across a clean restart. Lease ids are chosen by
 * each server, so they are masked; remaining TTLs depend on timing, so they are masked too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseE2eTest {
    private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted");
    private static final Duration EXPIRY_WAIT = Duration.ofSeconds(30);
    /** Masks on top of {@link OutputNormalizer}: JSON lease ids and the remaining TTL. */
    private static final List<String[]> LEASE_RULES = List.of(
            new String[] {"\"(id|lease)\":\\d+", "\"$1\":<ID>"},
            new String[] {"\\blease [0-9a-f]{1,16}\\b", "lease <ID>"},
            new String[] {"remaining\\(\\d+s\\)", "remaining(<TTL>s)"},
            new String[] {"\"ttl\":\\d+", "\"ttl\":<TTL>"});

    private EtcdProcess etcd;
    private MemberProcess ketch;
    private Map<String, Etcdctl.Result> expected;
    private Map<String, Etcdctl.Result> actual;

    @BeforeAll
    void runBoth(@TempDir Path work) {
        Binaries.requireEtcd();
        etcd = new EtcdProcess("l1", work.resolve("etcd"));
        ketch = Members.candidate("l1", work.resolve("ketch"));
        etcd.startAsync();
        ketch.startAsync();
        etcd.awaitReady();
        ketch.awaitReady();
        // the members are independent: run both scripts at once, the expiry wait dominates
        CompletableFuture<Map<String, Etcdctl.Result>> ref = CompletableFuture.supplyAsync(() -> script(etcd));
        actual = script(ketch);
        expected = ref.join();
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

    /** The steps, named, run in order against one member. */
    private static Map<String, Etcdctl.Result> script(MemberProcess m) {
        Etcdctl ctl = m.etcdctl();
        Map<String, Etcdctl.Result> out = new LinkedHashMap<>();
        Etcdctl.Result grant = ctl.run("lease", "grant", "60");
        out.put("lease grant 60", grant);
        String id = leaseId(grant, m);
        out.put("put --lease=<id> k v", ctl.run("put", "--lease=" + id, "k", "v"));
        out.put("get k -w json", ctl.run("get", "k", "-w", "json"));
        out.put("lease timetolive <id>", ctl.run("lease", "timetolive", id));
        out.put("lease timetolive --keys <id>", ctl.run("lease", "timetolive", "--keys", id));
        out.put("lease timetolive --keys <id> -w json", ctl.run("lease", "timetolive", "--keys", id, "-w", "json"));
        out.put("lease list", ctl.run("lease", "list"));
        out.put("lease list -w json", ctl.run("lease", "list", "-w", "json"));
        out.put("lease keep-alive --once <id>", ctl.run("lease", "keep-alive", "--once", id));
        out.put("lease keep-alive --once <id> -w json", ctl.run("lease", "keep-alive", "--once", id, "-w", "json"));
        out.put("put --lease=<unknown> x y", ctl.run("put", "--lease=123", "x", "y"));
        out.put("lease revoke <id>", ctl.run("lease", "revoke", id));
        out.put("get k -w json after revoke", ctl.run("get", "k", "-w", "json"));
        out.put("lease revoke <revoked id>", ctl.run("lease", "revoke", id));
        out.put("lease timetolive <revoked id>", ctl.run("lease", "timetolive", id));
        out.put("lease timetolive <revoked id> -w json", ctl.run("lease", "timetolive", id, "-w", "json"));
        out.put("lease keep-alive --once <revoked id>", ctl.run("lease", "keep-alive", "--once", id));
        Etcdctl.Result shortGrant = ctl.run("lease", "grant", "5");
        out.put("lease grant 5", shortGrant);
        String shortId = leaseId(shortGrant, m);
        out.put("put --lease=<5s id> e v", ctl.run("put", "--lease=" + shortId, "e", "v"));
        awaitGone(ctl, m, "e");
        out.put("get e -w json after expiry", ctl.run("get", "e", "-w", "json"));
        out.put("lease timetolive <expired id>", ctl.run("lease", "timetolive", shortId));
        out.put("lease list after expiry", ctl.run("lease", "list"));
        out.put("lease grant 1 -w json (minimum TTL)", ctl.run("lease", "grant", "1", "-w", "json"));
        restart(ctl, m, out);
        return out;
    }

    /** A lease and its key survive a clean restart, with the lease's TTL given anew. */
    private static void restart(Etcdctl ctl, MemberProcess m, Map<String, Etcdctl.Result> out) {
        String id = leaseId(ctl.run("lease", "grant", "60"), m);
        ctl.run("put", "--lease=" + id, "r", "v");
        m.stop();
        m.startAsync();
        m.awaitReady();
        out.put("lease timetolive --keys <id> after restart", ctl.run("lease", "timetolive", "--keys", id));
        out.put("get r -w json after restart", ctl.run("get", "r", "-w", "json"));
        out.put("lease revoke <id> after restart", ctl.run("lease", "revoke", id));
        out.put("get r after revoke after restart", ctl.run("get", "r"));
    }

    private static String leaseId(Etcdctl.Result grant, MemberProcess m) {
        Matcher matcher = GRANTED.matcher(grant.stdout());
        if (!matcher.find()) {
            fail(m.kind() + ": no lease granted: " + grant + "\n" + m.logTail(30));
        }
        return matcher.group(1);
    }

    /** Polls (bounded) until the key is gone: an external process expires it, there is nothing to latch on. */
    private static void awaitGone(Etcdctl ctl, MemberProcess m, String key) {
        long deadline = System.nanoTime() + EXPIRY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Etcdctl.Result r = ctl.run("get", key, "-w", "fields");
            if (r.exitCode() == 0 && r.stdout().contains("\"Count\" : 0")) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail(m.kind() + ": key " + key + " still there " + EXPIRY_WAIT + " after its lease's TTL\n" + m.logTail(30));
    }

    @TestFactory
    List<DynamicTest> ketchPrintsWhatEtcdPrints() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String step : expected.keySet()) {
            tests.add(DynamicTest.dynamicTest(step, () -> assertSame(step)));
        }
        return tests;
    }

    private void assertSame(String step) {
        String want = mask(new OutputNormalizer(etcd).normalize(expected.get(step)));
        String got = mask(new OutputNormalizer(ketch).normalize(actual.get(step)));
        if (!want.equals(got)) {
            fail(step + "\n" + LineDiff.unified(etcd.kind(), want, ketch.kind(), got)
                    + "\nraw etcd: " + expected.get(step) + "\nraw " + ketch.kind() + ": " + actual.get(step));
        }
    }

    private static String mask(String s) {
        String out = s;
        for (String[] rule : LEASE_RULES) {
            out = out.replaceAll(rule[0], rule[1]);
        }
        return out;
    }
}
