package io.ketch.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class FlagsTest {

    private static ParseResult parse(BenchmarkMain root, String... args) {
        return new CommandLine(root).parseArgs(args);
    }

    @Test
    void putDefaultsAreEtcds() {
        BenchmarkMain root = new BenchmarkMain();
        PutCommand put = (PutCommand) parse(root, "put").subcommand().commandSpec().userObject();
        assertEquals(List.of("127.0.0.1:2379"), root.endpoints);
        assertEquals(1, root.conns);
        assertEquals(1, root.clients);
        assertEquals(10000, put.total);
        assertEquals(8, put.keySize);
        assertEquals(8, put.valSize);
        assertEquals(1, put.keySpaceSize);
        assertEquals(0, put.rate);
        assertFalse(put.sequentialKeys);
        assertEquals(1000, put.compactIndexDelta);
    }

    @Test
    void globalFlagsWorkBeforeAndAfterTheSubcommand() {
        BenchmarkMain root = new BenchmarkMain();
        PutCommand put = (PutCommand) parse(root, "--endpoints", "a:1,b:2", "--conns", "3", "put",
                "--clients", "100", "--total", "5", "--sequential-keys", "--json", "--precise",
                "--compact-interval", "1m30s").subcommand().commandSpec().userObject();
        assertEquals(List.of("a:1", "b:2"), root.endpoints);
        assertEquals(3, root.conns);
        assertEquals(100, root.clients);
        assertTrue(root.json);
        assertTrue(root.precise);
        assertEquals(5, put.total);
        assertTrue(put.sequentialKeys);
        assertEquals(90_000, put.compactIntervalMillis);
    }

    @Test
    void rangeTakesKeyAndOptionalEnd() {
        RangeCommand range = (RangeCommand) parse(new BenchmarkMain(), "range", "foo", "fop", "--consistency", "s")
                .subcommand().commandSpec().userObject();
        assertEquals("foo", range.key);
        assertEquals("fop", range.end);
        assertEquals("s", range.consistency);
        assertEquals(10000, range.total);
    }

    @Test
    void watchAndTxnPutDefaultsAreEtcds() {
        WatchCommand watch = (WatchCommand) parse(new BenchmarkMain(), "watch").subcommand().commandSpec().userObject();
        assertEquals(10, watch.streams);
        assertEquals(100, watch.watchPerStream);
        assertEquals(1000, watch.putTotal);
        assertEquals(32, watch.keySize);
        TxnPutCommand txn = (TxnPutCommand) parse(new BenchmarkMain(), "txn-put").subcommand().commandSpec().userObject();
        assertEquals(1, txn.txnOps);
        assertEquals(10000, txn.total);
        WatchGetCommand wg = (WatchGetCommand) parse(new BenchmarkMain(), "watch-get").subcommand().commandSpec().userObject();
        assertEquals(10000, wg.watchers);
        assertEquals(8, wg.events);
    }

    @Test
    void unknownFlagIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(new String[] {"put", "--no-such-flag"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--no-such-flag"));
    }

    @Test
    void badConsistencyIsRefusedBeforeAnyTraffic() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(new String[] {"--endpoints", "127.0.0.1:1", "range", "k", "--consistency", "x"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
    }

    @Test
    void txnPutSpreadsItsOpsOverConsecutiveKeys() {
        TxnPutCommand txn = (TxnPutCommand) parse(new BenchmarkMain(), "txn-put", "--txn-ops", "3",
                "--key-space-size", "4").subcommand().commandSpec().userObject();
        var t = txn.txn(1, com.google.protobuf.ByteString.EMPTY);
        assertEquals(3, t.getSuccessCount());
        // Request 1 covers ops 3, 4, 5 -> keys 3, 0, 1.
        assertEquals(com.google.protobuf.ByteString.copyFrom(KeyGen.keyAt(3, 8)), t.getSuccess(0).getRequestPut().getKey());
        assertEquals(com.google.protobuf.ByteString.copyFrom(KeyGen.keyAt(0, 8)), t.getSuccess(1).getRequestPut().getKey());
    }
}
