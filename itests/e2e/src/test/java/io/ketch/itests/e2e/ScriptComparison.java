package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DynamicTest;

/** Runs {@link EtcdctlScript} against a reference and a candidate and compares step by step. */
public final class ScriptComparison {
    private final MemberProcess reference;
    private final MemberProcess candidate;
    private final Map<EtcdctlScript.Step, Etcdctl.Result> expected;
    private final Map<EtcdctlScript.Step, Etcdctl.Result> actual;

    private ScriptComparison(MemberProcess reference, MemberProcess candidate) {
        this.reference = reference;
        this.candidate = candidate;
        // The two members are independent: run both scripts at once to halve the wall time.
        CompletableFuture<Map<EtcdctlScript.Step, Etcdctl.Result>> ref =
                CompletableFuture.supplyAsync(() -> EtcdctlScript.runAgainst(reference));
        this.actual = EtcdctlScript.runAgainst(candidate);
        this.expected = ref.join();
    }

    /** Runs the script against both members (already started). */
    public static ScriptComparison run(MemberProcess reference, MemberProcess candidate) {
        return new ScriptComparison(reference, candidate);
    }

    /** One dynamic test per step: normalized exit code, stdout and stderr must be equal. */
    public List<DynamicTest> tests() {
        List<DynamicTest> tests = new ArrayList<>();
        for (EtcdctlScript.Step step : expected.keySet()) {
            tests.add(DynamicTest.dynamicTest(step.name(), () -> assertSameOutput(step.toString(),
                    reference, expected.get(step), candidate, actual.get(step))));
        }
        return tests;
    }

    /** Fails with a unified diff unless the two results are equal after normalization. */
    public static void assertSameOutput(String what, MemberProcess reference, Etcdctl.Result expected,
            MemberProcess candidate, Etcdctl.Result actual) {
        String want = new OutputNormalizer(reference).normalize(expected);
        String got = new OutputNormalizer(candidate).normalize(actual);
        if (!want.equals(got)) {
            fail(what + "\n" + LineDiff.unified(reference.kind(), want, candidate.kind(), got)
                    + "\nraw " + reference.kind() + ": " + expected
                    + "\nraw " + candidate.kind() + ": " + actual);
        }
    }
}
