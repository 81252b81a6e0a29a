package io.ketch.itests.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks what legitimately differs between two fresh single-member clusters so that etcdctl
 * output can be compared line by line: member and cluster ids (hex, printed by etcdctl without leading zeros, and decimal), the ports each
 * member was given, database sizes, timings, and etcdctl's own per-run noise (log timestamps,
 * balancer uuids). Table borders are collapsed so column widths do not matter, only cell text.
 * Revisions, versions, raft term and raft index are NOT masked: they must match.
 */
public final class OutputNormalizer {
    private static final List<Rule> RULES = List.of(
            new Rule("\"ts\":\"[^\"]*\"", "\"ts\":\"<TS>\""),
            new Rule("client-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "client-<UUID>"),
            new Rule("\\b[0-9a-f]{13,16}\\b", "<ID>"),
            new Rule("\"(cluster_id|member_id|ID|leader)\":\\d+", "\"$1\":<ID>"),
            new Rule("\"(ClusterID|MemberID|ID|Leader)\" : \\d+", "\"$1\" : <ID>"),
            new Rule("\"(dbSize|dbSizeInUse)\":\\d+", "\"$1\":<SIZE>"),
            new Rule("\"(DbSize|DbSizeInUse)\" : \\d+", "\"$1\" : <SIZE>"),
            new Rule("\\b\\d+(?:\\.\\d+)? (?:B|kB|MB|GB)\\b", "<SIZE>"),
            new Rule("took = [0-9.]+(?:ns|µs|us|ms|s)", "took = <DURATION>"));

    private final Map<String, String> literals = new LinkedHashMap<>();

    /** A normalizer that also replaces each member's ports with a placeholder. */
    public OutputNormalizer(MemberProcess member) {
        literals.put("127.0.0.1:" + member.clientPort(), "127.0.0.1:<CLIENT_PORT>");
        literals.put("127.0.0.1:" + member.peerPort(), "127.0.0.1:<PEER_PORT>");
    }

    /** Normalizes one block of output. */
    public String normalize(String text) {
        String s = text;
        for (Map.Entry<String, String> e : literals.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        for (Rule r : RULES) {
            s = r.pattern.matcher(s).replaceAll(r.replacement);
        }
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n", -1)) {
            out.add(normalizeTableLine(line));
        }
        return String.join("\n", out);
    }

    /** Normalizes an etcdctl result: exit code, then stdout, then stderr, each labelled. */
    public String normalize(Etcdctl.Result r) {
        return "exit " + r.exitCode() + "\n"
                + "stdout:\n" + normalize(r.stdout()) + "\n"
                + "stderr:\n" + normalize(r.stderr());
    }

    private static String normalizeTableLine(String line) {
        if (line.startsWith("+-")) {
            return "+-+";
        }
        if (line.startsWith("|") && line.endsWith("|")) {
            StringBuilder b = new StringBuilder("|");
            for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
                b.append(' ').append(cell.trim()).append(" |");
            }
            return b.toString();
        }
        return line;
    }

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }
}
