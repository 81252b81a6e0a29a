package io.ketch.raft.membership;

import io.ketch.spi.consensus.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encodes a member as etcd's ConfChange context JSON ({@code {"id":..,"peerURLs":[..],"name":".."}},
 * membership.Member) and back; and a member list for snapshots as one JSON object per line.
 */
public final class MembershipCodec {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern NAME = Pattern.compile("\"name\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LEARNER = Pattern.compile("\"isLearner\":true");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private MembershipCodec() {
    }

    /** etcd's JSON for a member in a ConfChange context. */
    public static String toJson(Member m) {
        StringBuilder b = new StringBuilder("{\"id\":").append(Long.toUnsignedString(m.id())).append(",\"peerURLs\":");
        list(b, m.peerUrls());
        if (m.learner()) {
            b.append(",\"isLearner\":true");
        }
        if (!m.name().isEmpty()) {
            b.append(",\"name\":\"").append(escape(m.name())).append('"');
        }
        if (!m.clientUrls().isEmpty()) {
            b.append(",\"clientURLs\":");
            list(b, m.clientUrls());
        }
        return b.append('}').toString();
    }

    /** Reads what {@link #toJson} (or etcd) wrote. */
    public static Member fromJson(String json) {
        Matcher id = ID.matcher(json);
        if (!id.find()) {
            throw new IllegalArgumentException("member JSON without id: " + json);
        }
        Matcher name = NAME.matcher(json);
        return new Member(Long.parseUnsignedLong(id.group(1)), name.find() ? unescape(name.group(1)) : "",
                array(json, "peerURLs"), array(json, "clientURLs"), LEARNER.matcher(json).find());
    }

    /** Several members, one per line. */
    public static String toLines(List<Member> members) {
        StringBuilder b = new StringBuilder();
        members.forEach(m -> b.append(toJson(m)).append('\n'));
        return b.toString();
    }

    public static List<Member> fromLines(String text) {
        List<Member> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(fromJson(line));
            }
        }
        return out;
    }

    private static List<String> array(String json, String field) {
        int at = json.indexOf("\"" + field + "\":[");
        List<String> out = new ArrayList<>();
        if (at < 0) {
            return out;
        }
        int start = json.indexOf('[', at) + 1;
        int end = json.indexOf(']', start);
        Matcher m = STRING.matcher(json.substring(start, end));
        while (m.find()) {
            out.add(unescape(m.group(1)));
        }
        return out;
    }

    private static void list(StringBuilder b, List<String> values) {
        b.append('[');
        for (int i = 0; i < values.size(); i++) {
            b.append(i > 0 ? "," : "").append('"').append(escape(values.get(i))).append('"');
        }
        b.append(']');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
