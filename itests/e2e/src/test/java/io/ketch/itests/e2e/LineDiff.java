package io.ketch.itests.e2e;

import java.util.ArrayList;
import java.util.List;

/** A small line-based unified diff (LCS), for readable comparison failures. */
public final class LineDiff {
    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    /** The unified diff of {@code expected} (labelled {@code a}) against {@code actual} ({@code b}). */
    public static String unified(String a, String expected, String b, String actual) {
        String[] x = expected.split("\n", -1);
        String[] y = actual.split("\n", -1);
        int[][] lcs = new int[x.length + 1][y.length + 1];
        for (int i = x.length - 1; i >= 0; i--) {
            for (int j = y.length - 1; j >= 0; j--) {
                lcs[i][j] = x[i].equals(y[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < x.length || j < y.length) {
            if (i < x.length && j < y.length && x[i].equals(y[j])) {
                lines.add("  " + x[i++]);
                j++;
            } else if (j < y.length && (i == x.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add("+ " + y[j++]);
            } else {
                lines.add("- " + x[i++]);
            }
        }
        return "--- " + a + "\n+++ " + b + "\n" + withContext(lines);
    }

    private static String withContext(List<String> lines) {
        boolean[] keep = new boolean[lines.size()];
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).startsWith("  ")) {
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(lines.size() - 1, k + CONTEXT); c++) {
                    keep[c] = true;
                }
            }
        }
        StringBuilder b = new StringBuilder();
        boolean skipped = false;
        for (int k = 0; k < lines.size(); k++) {
            if (keep[k]) {
                b.append(lines.get(k)).append('\n');
                skipped = false;
            } else if (!skipped) {
                b.append("@@\n");
                skipped = true;
            }
        }
        return b.toString();
    }
}
