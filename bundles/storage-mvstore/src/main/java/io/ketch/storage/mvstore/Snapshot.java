package io.ketch.storage.mvstore;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.RootReference;

/**
 * The committed state: each bucket's map with the root it had at the last commit. B-tree pages
 * are copy-on-write, so a root is an immutable tree; a view reads through it while the writer
 * moves the live maps on.
 */
record Snapshot(NavigableMap<String, Root> roots) {
    /** One bucket: its live map (for reading pages) and its committed root. */
    record Root(MVMap<byte[], byte[]> map, RootReference<byte[], byte[]> ref) {
        long count() {
            return ref.getTotalCount();
        }
    }

    static Snapshot of(Map<String, MVMap<byte[], byte[]>> maps) {
        TreeMap<String, Root> roots = new TreeMap<>();
        maps.forEach((name, map) -> roots.put(name, new Root(map, map.flushAndGetRoot())));
        return new Snapshot(roots);
    }
}
