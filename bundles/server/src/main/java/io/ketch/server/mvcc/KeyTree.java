package io.ketch.server.mvcc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * etcd's treeIndex: every key, in unsigned byte order, with its {@link KeyIndex}. Not thread-safe;
 * the {@link MvccStore}'s owner serialises writers against readers.
 */
final class KeyTree {
    private final TreeMap<byte[], KeyIndex> keys = new TreeMap<>(Arrays::compareUnsigned);

    KeyIndex get(byte[] key) {
        return keys.get(key);
    }

    KeyIndex getOrCreate(byte[] key) {
        return keys.computeIfAbsent(key, k -> new KeyIndex());
    }

    /** The key indexes in [key, end); end null means the key alone, empty means no upper bound. */
    Iterable<Map.Entry<byte[], KeyIndex>> span(byte[] key, byte[] end) {
        if (end == null) {
            KeyIndex ki = keys.get(key);
            return ki == null ? List.of() : List.of(Map.entry(key, ki));
        }
        if (end.length == 0) {
            return keys.tailMap(key, true).entrySet();
        }
        if (Arrays.compareUnsigned(key, end) >= 0) {
            return List.of();
        }
        NavigableMap<byte[], KeyIndex> sub = keys.subMap(key, true, end, false);
        return sub.entrySet();
    }

    /** The revisions of the keys in the range that were live at atRev, in key order. */
    List<Revision> revisions(byte[] key, byte[] end, long atRev) {
        List<Revision> revs = new ArrayList<>();
        for (Map.Entry<byte[], KeyIndex> e : span(key, end)) {
            KeyIndex.Found f = e.getValue().get(atRev);
            if (f != null) {
                revs.add(f.modified());
            }
        }
        return revs;
    }

    /** The keys in the range live at atRev. */
    List<byte[]> liveKeys(byte[] key, byte[] end, long atRev) {
        List<byte[]> out = new ArrayList<>();
        for (Map.Entry<byte[], KeyIndex> e : span(key, end)) {
            if (e.getValue().get(atRev) != null) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Compacts every key at rev; returns the revisions still needed in the backend. */
    Set<Revision> compact(long rev) {
        Set<Revision> available = new HashSet<>();
        Iterator<KeyIndex> it = keys.values().iterator();
        while (it.hasNext()) {
            KeyIndex ki = it.next();
            ki.compact(rev, available);
            if (ki.isEmpty()) {
                it.remove();
            }
        }
        return available;
    }

    /** The revisions a compaction at rev would keep. */
    Set<Revision> keep(long rev) {
        Set<Revision> available = new HashSet<>();
        for (KeyIndex ki : keys.values()) {
            ki.keep(rev, available);
        }
        return available;
    }

    void clear() {
        keys.clear();
    }

    int size() {
        return keys.size();
    }
}
