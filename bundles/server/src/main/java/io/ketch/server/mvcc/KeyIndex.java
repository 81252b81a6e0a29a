package io.ketch.server.mvcc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The revisions of one key, as etcd's keyIndex: a list of generations, each from a creation to a
 * tombstone; the last generation is the live one (empty after a delete).
 */
final class KeyIndex {
    /** One life of a key: its creation revision, version count and revisions (last may be a tombstone). */
    static final class Generation {
        long ver;
        Revision created;
        final List<Revision> revs = new ArrayList<>();

        boolean isEmpty() {
            return revs.isEmpty();
        }

        Revision last() {
            return revs.get(revs.size() - 1);
        }

        /** Index of the newest revision with main <= atRev, or -1. */
        int newestAtOrBefore(long atRev) {
            for (int i = revs.size() - 1; i >= 0; i--) {
                if (revs.get(i).main() <= atRev) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** What a read at a revision finds. */
    record Found(Revision modified, Revision created, long version) {
    }

    final List<Generation> generations = new ArrayList<>();
    Revision modified = new Revision(0, 0);

    void put(Revision rev) {
        if (generations.isEmpty()) {
            generations.add(new Generation());
        }
        Generation g = generations.get(generations.size() - 1);
        if (g.isEmpty()) {
            g.created = rev;
        }
        g.revs.add(rev);
        g.ver++;
        modified = rev;
    }

    /** Starts a generation from a stored KeyValue after a compaction removed its first revisions. */
    void restore(Revision created, Revision rev, long ver) {
        Generation g = new Generation();
        g.created = created;
        g.ver = ver;
        g.revs.add(rev);
        generations.add(g);
        modified = rev;
    }

    /** Ends the live generation; false if the key is not live. */
    boolean tombstone(Revision rev) {
        if (isEmpty() || generations.get(generations.size() - 1).isEmpty()) {
            return false;
        }
        put(rev);
        generations.add(new Generation());
        return true;
    }

    boolean isEmpty() {
        return generations.size() == 1 && generations.get(0).isEmpty();
    }

    /** The key as of atRev, or null if it did not exist then. */
    Found get(long atRev) {
        Generation g = findGeneration(atRev);
        if (g == null || g.isEmpty()) {
            return null;
        }
        int n = g.newestAtOrBefore(atRev);
        if (n == -1) {
            return null;
        }
        return new Found(g.revs.get(n), g.created, g.ver - (g.revs.size() - n - 1));
    }

    private Generation findGeneration(long rev) {
        int last = generations.size() - 1;
        for (int cg = last; cg >= 0; cg--) {
            Generation g = generations.get(cg);
            if (g.isEmpty()) {
                continue;
            }
            if (cg != last && g.last().main() <= rev) {
                return null;
            }
            if (g.revs.get(0).main() <= rev) {
                return g;
            }
        }
        return null;
    }

    /** etcd's doCompact: the generation holding atRev and the index of the revision kept in it. */
    private int[] doCompact(long atRev, Set<Revision> available) {
        int genIdx = 0;
        Generation g = generations.get(0);
        while (genIdx < generations.size() - 1 && g.last().main() <= atRev) {
            genIdx++;
            g = generations.get(genIdx);
        }
        int revIndex = g.newestAtOrBefore(atRev);
        if (revIndex != -1) {
            available.add(g.revs.get(revIndex));
        }
        return new int[] {genIdx, revIndex};
    }

    /** Drops every revision older than the newest at or before atRev; adds the kept ones to available. */
    void compact(long atRev, Set<Revision> available) {
        int[] r = doCompact(atRev, available);
        int genIdx = r[0];
        Generation g = generations.get(genIdx);
        if (!g.isEmpty()) {
            if (r[1] != -1) {
                g.revs.subList(0, r[1]).clear();
            }
            // a lone tombstone of a finished generation is not worth keeping
            if (g.revs.size() == 1 && genIdx != generations.size() - 1) {
                available.remove(g.revs.get(0));
                genIdx++;
            }
        }
        generations.subList(0, genIdx).clear();
    }

    /** The revisions a compaction at atRev would keep, without compacting (etcd's keep). */
    void keep(long atRev, Set<Revision> available) {
        if (isEmpty()) {
            return;
        }
        int[] r = doCompact(atRev, available);
        Generation g = generations.get(r[0]);
        if (!g.isEmpty() && r[1] == g.revs.size() - 1 && r[0] != generations.size() - 1) {
            available.remove(g.revs.get(r[1]));
        }
    }
}
