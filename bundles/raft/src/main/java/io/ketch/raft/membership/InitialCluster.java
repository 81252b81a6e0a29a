package io.ketch.raft.membership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses etcd's {@code --initial-cluster} value: {@code name1=url1,name1=url2,name2=url3}. */
public final class InitialCluster {
    private InitialCluster() {
    }

    /** Name -> peer URLs, in first-seen order. */
    public static Map<String, List<String>> parse(String value) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid initial cluster entry '" + p + "': want name=url");
            }
            out.computeIfAbsent(p.substring(0, eq), k -> new ArrayList<>()).add(p.substring(eq + 1));
        }
        return out;
    }
}
