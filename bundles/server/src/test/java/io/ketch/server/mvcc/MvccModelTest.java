package io.ketch.server.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.etcd.EtcdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The MVCC store against a model that keeps the whole key space at every revision. */
class MvccModelTest {
    private record Kv(String value, long create, long mod, long version) {
    }

    private static final String[] KEYS = {"a", "ab", "b", "ba", "c", "d", "e"};

    @Test
    void randomHistoryMatchesTheModel() {
        long seed = System.nanoTime();
        for (int round = 0; round < 20; round++) {
            run(seed + round);
        }
    }

    private void run(long seed) {
        Random rnd = new Random(seed);
        StoreHarness h = new StoreHarness();
        List<TreeMap<String, Kv>> history = new ArrayList<>();
        history.add(new TreeMap<>()); // revision 0 (unused)
        history.add(new TreeMap<>()); // revision 1: empty store
        long compacted = -1;
        for (int step = 0; step < 300; step++) {
            String msg = "seed " + seed + " step " + step;
            TreeMap<String, Kv> now = history.get(history.size() - 1);
            long rev = history.size() - 1;
            int op = rnd.nextInt(10);
            if (op < 5) {
                String k = KEYS[rnd.nextInt(KEYS.length)];
                String v = "v" + rnd.nextInt(100);
                TreeMap<String, Kv> next = new TreeMap<>(now);
                Kv old = now.get(k);
                next.put(k, new Kv(v, old == null ? rev + 1 : old.create(), rev + 1, old == null ? 1 : old.version() + 1));
                history.add(next);
                assertEquals(rev + 1, h.put(k, v), msg);
            } else if (op < 7) {
                String from = KEYS[rnd.nextInt(KEYS.length)];
                String to = rnd.nextBoolean() ? null : KEYS[rnd.nextInt(KEYS.length)];
                TreeMap<String, Kv> next = new TreeMap<>(now);
                Map<String, Kv> doomed = to == null ? (now.containsKey(from) ? Map.of(from, now.get(from)) : Map.of())
                        : from.compareTo(to) < 0 ? now.subMap(from, to) : Map.of();
                doomed.keySet().forEach(next::remove);
                if (!doomed.isEmpty()) {
                    history.add(next);
                }
                assertEquals(doomed.size(), h.delete(from, to), msg);
            } else if (op == 7 && rev > compacted + 1) {
                long at = compacted + 1 + rnd.nextInt((int) (rev - compacted));
                if (at > compacted) {
                    h.compact(at);
                    compacted = at;
                }
            } else if (op == 8) {
                h.reopen();
            }
            assertEquals(history.size() - 1, h.store.currentRevision(), msg);
            checkRead(h, history, compacted, rnd, msg);
        }
    }

    private void checkRead(StoreHarness h, List<TreeMap<String, Kv>> history, long compacted, Random rnd, String msg) {
        long rev = history.size() - 1;
        long at = 1 + rnd.nextInt((int) rev);
        String from = KEYS[rnd.nextInt(KEYS.length)];
        String to = "z";
        if (at < compacted) {
            assertThrows(EtcdException.class, () -> h.range(from, to, at), msg);
            return;
        }
        Map<String, Kv> expected = history.get((int) at).subMap(from, to);
        List<KeyValue> kvs = h.range(from, to, at).kvs();
        assertEquals(expected.size(), kvs.size(), msg + " at " + at);
        int i = 0;
        for (Map.Entry<String, Kv> e : expected.entrySet()) {
            KeyValue kv = kvs.get(i++);
            Kv m = e.getValue();
            assertEquals(e.getKey(), kv.getKey().toStringUtf8(), msg);
            assertEquals(m, new Kv(kv.getValue().toStringUtf8(), kv.getCreateRevision(), kv.getModRevision(), kv.getVersion()),
                    msg + " key " + e.getKey() + " at " + at);
        }
    }
}
