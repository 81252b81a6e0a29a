package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC JSON gateway (what {@code curl -X POST http://host:2379/v3/kv/put -d '{...}'} talks to)
 * against etcd 3.4.23 and Ketch side by side: put, range (base64 keys, /v3beta), txn, deleterange,
 * errors, lease grant + keep-alive stream + timetolive + leases, a watch stream seeing a put,
 * alarm list, defragment, member add refused, lock and unlock, maintenance status, member list, unknown paths and methods. Each step is the HTTP status, the
 * content type and the body. Lease ids are chosen by each server, so they are masked, as are
 * the TTL a keep-alive or timetolive reports (timing) and the db sizes (file formats differ).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonGatewayE2eTest {
    private static final Pattern LEASE_ID = Pattern.compile("\"ID\":\"(\\d+)\"");
    private static final Duration STREAM_WAIT = Duration.ofSeconds(20);
    private static final List<String[]> GATEWAY_RULES = List.of(
            new String[] {"\"(cluster_id|member_id|ID|leader)\":\"\\d+\"", "\"$1\":\"<ID>\""},
            new String[] {"\"(dbSize|dbSizeInUse)\":\"\\d+\"", "\"$1\":\"<SIZE>\""},
            new String[] {"\"(TTL|grantedTTL)\":\"\\d+\"", "\"$1\":\"<TTL>\""});

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private MemberProcess etcd;
    private MemberProcess ketch;
    private Map<String, String> expected;
    private Map<String, String> actual;

    @BeforeAll
    void runBoth(@TempDir Path work) {
        Binaries.requireEtcd();
        etcd = new EtcdProcess("g1", work.resolve("etcd"));
        ketch = Members.candidate("g1", work.resolve("ketch"));
        etcd.startAsync();
        ketch.startAsync();
        etcd.awaitReady();
        ketch.awaitReady();
        CompletableFuture<Map<String, String>> ref = CompletableFuture.supplyAsync(() -> script(etcd));
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

    /** The steps, named, in order against one member. */
    private Map<String, String> script(MemberProcess m) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("put foo=bar", post(m, "/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}"));
        out.put("range foo", post(m, "/v3/kv/range", "{\"key\":\"Zm9v\"}"));
        out.put("range foo via /v3beta", post(m, "/v3beta/kv/range", "{\"key\":\"Zm9v\"}"));
        out.put("range missing key", post(m, "/v3/kv/range", "{\"key\":\"bm9uZQ==\"}"));
        out.put("txn put if absent", post(m, "/v3/kv/txn", "{\"compare\":[{\"key\":\"Zm9vMg==\",\"target\":\"VERSION\","
                + "\"result\":\"EQUAL\",\"version\":\"0\"}],\"success\":[{\"request_put\":{\"key\":\"Zm9vMg==\","
                + "\"value\":\"YmFy\"}}],\"failure\":[{\"request_range\":{\"key\":\"Zm9vMg==\"}}]}"));
        out.put("txn put if absent again", post(m, "/v3/kv/txn", "{\"compare\":[{\"key\":\"Zm9vMg==\","
                + "\"target\":\"VERSION\",\"result\":\"EQUAL\",\"version\":\"0\"}],\"failure\":[{\"request_range\":"
                + "{\"key\":\"Zm9vMg==\"}}]}"));
        out.put("range prefix foo", post(m, "/v3/kv/range", "{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"keys_only\":true}"));
        out.put("deleterange foo prev_kv", post(m, "/v3/kv/deleterange", "{\"key\":\"Zm9v\",\"prev_kv\":true}"));
        out.put("range future revision", post(m, "/v3/kv/range", "{\"key\":\"Zm9v\",\"revision\":\"99\"}"));
        out.put("compaction future revision", post(m, "/v3/kv/compaction", "{\"revision\":\"99\"}"));
        String grant = post(m, "/v3/lease/grant", "{\"TTL\":\"60\"}");
        out.put("lease grant 60", grant);
        String id = leaseId(grant, m);
        out.put("lease keepalive (first chunk)", stream(m, "/v3/lease/keepalive", "{\"ID\":\"" + id + "\"}", 1, null));
        out.put("lease timetolive", post(m, "/v3/lease/timetolive", "{\"ID\":\"" + id + "\"}"));
        out.put("lease timetolive via /v3/kv/lease", post(m, "/v3/kv/lease/timetolive", "{\"ID\":\"" + id + "\"}"));
        out.put("lease leases", post(m, "/v3/lease/leases", "{}"));
        out.put("lease revoke", post(m, "/v3/lease/revoke", "{\"ID\":\"" + id + "\"}"));
        out.put("lease revoke unknown", post(m, "/v3/lease/revoke", "{\"ID\":\"12345\"}"));
        out.put("watch w, then put w", stream(m, "/v3/watch", "{\"create_request\":{\"key\":\"dw==\"}}", 2,
                () -> post(m, "/v3/kv/put", "{\"key\":\"dw==\",\"value\":\"MQ==\"}")));
        out.put("lease keepalive unknown (first chunk)", stream(m, "/v3/lease/keepalive", "{\"ID\":\"1\"}", 1, null));
        out.put("put empty key", post(m, "/v3/kv/put", "{\"value\":\"YmFy\"}"));
        out.put("range sorted, limit 1", post(m, "/v3/kv/range", "{\"key\":\"AA==\",\"range_end\":\"AA==\","
                + "\"limit\":\"1\",\"sort_order\":\"DESCEND\",\"sort_target\":\"KEY\"}"));
        out.put("alarm list", post(m, "/v3/maintenance/alarm", "{\"action\":\"GET\"}"));
        out.put("defragment", post(m, "/v3/maintenance/defragment", "{}"));
        out.put("member add bad url", post(m, "/v3/cluster/member/add", "{\"peerURLs\":[\"not a url\"]}"));
        String lock = post(m, "/v3/lock/lock", "{\"name\":\"bA==\"}");
        out.put("lock l (key masked: it holds the session's lease id)", lock.replaceAll("\"key\":\"[^\"]+\"", "\"key\":\"<KEY>\""));
        Matcher key = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(lock);
        out.put("unlock l", post(m, "/v3/lock/unlock", "{\"key\":\"" + (key.find() ? key.group(1) : "") + "\"}"));
        out.put("maintenance status", post(m, "/v3/maintenance/status", "{}"));
        out.put("member list", post(m, "/v3/cluster/member/list", "{}"));
        out.put("unknown path", post(m, "/v3/nope", "{}"));
        out.put("malformed json (status only)", post(m, "/v3/kv/range", "{bad").lines().findFirst().orElse(""));
        return out;
    }

    private String post(MemberProcess m, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(m.clientUrl() + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.headers().firstValue("content-type").orElse("-") + "\n"
                    + response.body();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens a streaming call as {@code curl -N} does, takes the first line, runs the action (a put
     * the stream should report), takes the remaining lines, and hangs up.
     */
    private String stream(MemberProcess m, String path, String body, int lines, Runnable afterFirst) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(m.clientUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Stream<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .get(STREAM_WAIT.toSeconds(), TimeUnit.SECONDS);
            List<String> got = new ArrayList<>();
            got.add(response.statusCode() + " " + response.headers().firstValue("content-type").orElse("-"));
            Iterator<String> it = response.body().iterator();
            for (int i = 0; i < lines; i++) {
                got.add(CompletableFuture.supplyAsync(it::next).get(STREAM_WAIT.toSeconds(), TimeUnit.SECONDS));
                if (i == 0 && afterFirst != null) {
                    afterFirst.run();
                }
            }
            response.body().close();
            return String.join("\n", got);
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static String leaseId(String grant, MemberProcess m) {
        Matcher matcher = LEASE_ID.matcher(grant);
        if (!matcher.find()) {
            fail(m.kind() + ": no lease granted: " + grant + "\n" + m.logTail(30));
        }
        return matcher.group(1);
    }

    @TestFactory
    List<DynamicTest> ketchAnswersWhatEtcdAnswers() {
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
        for (String[] rule : GATEWAY_RULES) {
            out = out.replaceAll(rule[0], rule[1]);
        }
        return out;
    }
}
