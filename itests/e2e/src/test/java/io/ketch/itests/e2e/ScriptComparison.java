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
        OutputNormalizer refNorm = new OutputNormalizer(reference);
        OutputNormalizer candNorm = new OutputNormalizer(candidate);
        List<DynamicTest> tests = new ArrayList<>();
        for (EtcdctlScript.Step step : expected.keySet()) {
            tests.add(DynamicTest.dynamicTest(step.name(), () -> {
                String want = refNorm.normalize(expected.get(step));
                String got = candNorm.normalize(actual.get(step));
                if (!want.equals(got)) {
                    fail(step + "\n" + LineDiff.unified(reference.kind(), want, candidate.kind(), got)
                            + "\nraw " + reference.kind() + ": " + expected.get(step)
                            + "\nraw " + candidate.kind() + ": " + actual.get(step));
                }
            }));
        }
        return tests;
    }
}
