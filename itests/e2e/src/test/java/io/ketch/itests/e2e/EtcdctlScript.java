package io.ketch.itests.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The etcdctl script run, step by step, against a fresh etcd and a fresh Ketch. Steps depend on
 * the state the earlier ones left (revisions are part of the output), so the script always runs
 * whole and in order; each step has a name so a mismatch names the command.
 */
public final class EtcdctlScript {
    /** One etcdctl invocation: a name, optional stdin, and the arguments. */
    public record Step(String name, String stdin, List<String> args) {
        @Override
        public String toString() {
            return name + ": etcdctl " + String.join(" ", args);
        }
    }

    private final List<Step> steps = new ArrayList<>();

    private EtcdctlScript() {
    }

    /** Runs every step against {@code member}, in order; the key is the step name. */
    public static Map<Step, Etcdctl.Result> runAgainst(MemberProcess member) {
        Etcdctl ctl = member.etcdctl();
        Map<Step, Etcdctl.Result> results = new LinkedHashMap<>();
        for (Step s : script()) {
            results.put(s, ctl.run(s.stdin(), java.time.Duration.ofSeconds(20), s.args().toArray(String[]::new)));
        }
        return results;
    }

    /** The whole script. */
    public static List<Step> script() {
        EtcdctlScript s = new EtcdctlScript();
        s.putsAndGets();
        s.sorting();
        s.outputFormats();
        s.deletes();
        s.txns();
        s.moreOptions();
        s.compactionAndErrors();
        s.clusterCommands();
        return s.steps;
    }

    private void putsAndGets() {
        step("put-foo", "put", "foo", "bar");              // rev 2
        step("put-foo1", "put", "foo1", "c-value");        // rev 3
        step("put-foo2", "put", "foo2", "a-value");        // rev 4
        step("put-foo3", "put", "foo3", "b-value");        // rev 5
        step("put-zoo", "put", "zoo", "zval");             // rev 6
        step("put-foo1-again", "put", "foo1", "d-value");  // rev 7: foo1 version 2
        step("put-foo2-prev-kv", "put", "foo2", "e-value", "--prev-kv"); // rev 8
        step("get-foo", "get", "foo");
        step("get-missing", "get", "nope");
        step("get-prefix", "get", "foo", "--prefix");
        step("get-prefix-keys-only", "get", "foo", "--prefix", "--keys-only");
        step("get-prefix-limit", "get", "foo", "--prefix", "--limit=2");
        step("get-rev", "get", "foo1", "--rev=3");
        step("get-prefix-rev", "get", "foo", "--prefix", "--rev=5");
        step("get-from-key", "get", "foo2", "--from-key");
        step("get-range", "get", "foo1", "foo3");
        step("get-count-only", "get", "foo", "--prefix", "--count-only");
        step("get-count-only-fields", "get", "foo", "--prefix", "--count-only", "-w", "fields");
        step("get-print-value-only", "get", "foo", "--prefix", "--print-value-only");
    }

    private void sorting() {
        for (String target : List.of("KEY", "VERSION", "CREATE", "MODIFY", "VALUE")) {
            for (String order : List.of("ASCEND", "DESCEND")) {
                step("get-sort-" + target + "-" + order, "get", "foo", "--prefix",
                        "--sort-by=" + target, "--order=" + order);
            }
        }
        step("get-sort-limit", "get", "foo", "--prefix", "--sort-by=VALUE", "--order=DESCEND", "--limit=2");
    }

    private void outputFormats() {
        step("get-json", "get", "foo", "--prefix", "-w", "json");
        step("get-fields", "get", "foo", "--prefix", "-w", "fields");
        step("put-json", "put", "bar", "1", "-w", "json");                       // rev 9
        step("put-fields", "put", "bar", "2", "-w", "fields");                   // rev 10
        step("put-prev-kv-json", "put", "bar", "3", "--prev-kv", "-w", "json");  // rev 11
        step("put-prev-kv-fields", "put", "bar", "4", "--prev-kv", "-w", "fields"); // rev 12
        step("get-count-only-json", "get", "foo", "--prefix", "--count-only", "-w", "json");
        step("get-keys-only-json", "get", "foo", "--prefix", "--keys-only", "-w", "json");
    }

    private void deletes() {
        step("del-missing", "del", "nope");
        step("del-prev-kv", "del", "foo3", "--prev-kv");                 // rev 13
        step("del-json", "del", "bar", "-w", "json");                     // rev 14
        step("put-bar-again", "put", "bar", "5");                         // rev 15
        step("del-fields-prev-kv", "del", "bar", "--prev-kv", "-w", "fields"); // rev 16
        step("put-pfx-a", "put", "pfx/a", "1");                           // rev 17
        step("put-pfx-b", "put", "pfx/b", "2");                           // rev 18
        step("del-prefix", "del", "pfx/", "--prefix");                    // rev 19
        step("put-zzz", "put", "zzz", "last");                            // rev 20
        step("del-from-key-json", "del", "zoo", "--from-key", "--prev-kv", "-w", "json"); // rev 21
        step("get-all-after-deletes", "get", "", "--from-key");
    }

    private void txns() {
        stepIn("txn-value-success", "value(\"foo\") = \"bar\"\n\nput foo txn1\nget foo1\n\nget foo\n\n", "txn");
        stepIn("txn-value-failure", "value(\"foo\") = \"nope\"\n\nput foo txn2\n\nget foo\nget foo2\n\n", "txn");
        stepIn("txn-version", "version(\"foo1\") = \"2\"\n\nput v ok\n\nput v bad\n\n", "txn");
        stepIn("txn-create", "create(\"foo1\") = \"3\"\n\ndel v\n\nput c bad\n\n", "txn");
        stepIn("txn-mod-greater", "mod(\"foo2\") > \"100\"\n\nput m bad\n\nput m ok\n\n", "txn");
        stepIn("txn-mod-less", "mod(\"foo2\") < \"100\"\n\nget m\n\nget foo\n\n", "txn");
        stepIn("txn-multi-compare", "value(\"foo\") = \"txn1\"\nversion(\"m\") = \"1\"\n\nput both ok\n\n\n", "txn");
        stepIn("txn-empty-compare", "\nput e 1\n\n\n", "txn");
        stepIn("txn-json", "value(\"foo\") = \"txn1\"\n\nput foo txn3\nget foo\ndel e\n\nget foo\n\n",
                "txn", "-w", "json");
        stepIn("txn-json-failure", "value(\"foo\") = \"x\"\n\nput foo no\n\nget foo --prefix\n\n",
                "txn", "-w", "json");
        stepIn("txn-fields", "version(\"foo\") > \"0\"\n\nput foo txn4 --prev-kv\n\n\n", "txn", "-w", "fields");
        stepIn("txn-duplicate-put", "\nput d 1\nput d 2\n\n\n", "txn");
        step("get-after-txns", "get", "", "--from-key", "-w", "json");
    }

    private void moreOptions() {
        step("get-serializable", "get", "foo", "--consistency=s");
        step("get-prefix-hex", "get", "foo", "--prefix", "--hex");
        step("get-newest-key-only", "get", "", "--prefix", "--keys-only", "--limit=1",
                "--sort-by=MODIFY", "--order=DESCEND");
        step("put-ignore-value", "put", "foo", "--ignore-value", "--prev-kv");
        step("put-ignore-value-missing", "put", "nokey", "--ignore-value");
        step("put-missing-lease", "put", "foo", "x", "--lease=1234");
        step("del-range", "del", "foo1", "foo3", "--prev-kv");
        step("get-after-range-delete", "get", "", "--from-key", "-w", "fields");
    }

    private void compactionAndErrors() {
        step("compaction", "compaction", "5");
        step("compaction-physical", "compaction", "--physical", "8");
        step("compaction-again-older", "compaction", "6");
        step("compaction-future", "compaction", "100000");
        step("get-compacted-rev", "get", "foo", "--rev=3");
        step("get-at-compact-rev", "get", "foo", "--prefix", "--rev=8");
        step("get-future-rev", "get", "foo", "--rev=100000");
        step("put-empty-key", "put", "", "x");
        step("get-empty-key", "get", "");
        step("del-empty-key", "del", "");
        step("get-after-compaction", "get", "foo", "--prefix", "-w", "json");
    }

    private void clusterCommands() {
        step("endpoint-status-table", "endpoint", "status", "-w", "table");
        step("endpoint-status-json", "endpoint", "status", "-w", "json");
        step("endpoint-status-simple", "endpoint", "status");
        step("endpoint-health", "endpoint", "health");
        step("member-list-table", "member", "list", "-w", "table");
        step("member-list-simple", "member", "list");
        step("member-list-json", "member", "list", "-w", "json");
    }

    private void step(String name, String... args) {
        steps.add(new Step(name, null, List.of(args)));
    }

    private void stepIn(String name, String stdin, String... args) {
        steps.add(new Step(name, stdin, List.of(args)));
    }
}
