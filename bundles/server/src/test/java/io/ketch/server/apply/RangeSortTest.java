package io.ketch.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.server.mvcc.KvView;
import io.ketch.server.mvcc.RangeOptions;
import io.ketch.server.mvcc.RangeResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sorting ties the way etcd 3.4.23 (Go 1.19's unstable sort.Sort) does. */
class RangeSortTest {
    /** b001..b200 at version 1, except b017 b050 b099 b140 b181 at version 2: skewed, so pdqsort breaks patterns. */
    private static KvView twoHundred() {
        List<KeyValue> kvs = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            int version = List.of(17, 50, 99, 140, 181).contains(i) ? 2 : 1;
            kvs.add(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(String.format("b%03d", i))).setVersion(version).build());
        }
        return view(kvs);
    }

    private static KvView view(List<KeyValue> kvs) {
        return new KvView() {
            @Override
            public long rev() {
                return 100;
            }

            @Override
            public long firstRev() {
                return 0;
            }

            @Override
            public RangeResult range(byte[] key, byte[] end, RangeOptions ro) {
                return new RangeResult(kvs, kvs.size(), 100);
            }
        };
    }

    /** s01..s40, version 1, +1 when i % 3 == 0, +1 when i % 7 == 0. */
    private static KvView forty() {
        List<KeyValue> kvs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            int version = 1 + (i % 3 == 0 ? 1 : 0) + (i % 7 == 0 ? 1 : 0);
            kvs.add(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(String.format("s%02d", i))).setVersion(version).build());
        }
        return view(kvs);
    }

    private static String sorted(RangeRequest.SortOrder order) {
        return sorted(forty(), order, 0);
    }

    private static String sorted(KvView view, RangeRequest.SortOrder order, int prefix) {
        RangeRequest r = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("s"))
                .setRangeEnd(ByteString.copyFromUtf8("t")).setSortTarget(RangeRequest.SortTarget.VERSION)
                .setSortOrder(order).build();
        return RangeApplier.range(view, r).getKvsList().stream()
                .map(kv -> prefix == 0 ? kv.getKey().toStringUtf8() + ":" + kv.getVersion() : kv.getKey().toStringUtf8().substring(prefix))
                .collect(Collectors.joining(" "));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RangeSortTest.class.getResourceAsStream("/etcd-sort/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    @Test
    void skewedAscendingSortMatchesEtcd() throws IOException {
        assertEquals(resource("two-hundred-ascend.txt"), sorted(twoHundred(), RangeRequest.SortOrder.ASCEND, 1));
    }

    @Test
    void skewedDescendingSortMatchesEtcd() throws IOException {
        assertEquals(resource("two-hundred-descend.txt"), sorted(twoHundred(), RangeRequest.SortOrder.DESCEND, 1));
    }

    @Test
    void ascendingTiesComeOutAsEtcdOrdersThem() {
        // etcdctl get s --prefix --sort-by=VERSION --order=ASCEND against etcd 3.4.23
        assertEquals("s31:1 s29:1 s40:1 s04:1 s05:1 s38:1 s19:1 s08:1 s37:1 s10:1 s11:1 s20:1 s13:1 s34:1 s32:1 "
                + "s16:1 s17:1 s01:1 s02:1 s26:1 s25:1 s22:1 s23:1 s18:2 s28:2 s24:2 s27:2 s35:2 s07:2 s30:2 "
                + "s14:2 s33:2 s15:2 s03:2 s12:2 s36:2 s09:2 s06:2 s39:2 s21:3", sorted(RangeRequest.SortOrder.ASCEND));
    }

    @Test
    void descendingTiesComeOutAsEtcdOrdersThem() {
        assertEquals("s21:3 s09:2 s33:2 s36:2 s35:2 s30:2 s07:2 s03:2 s18:2 s06:2 s28:2 s12:2 s27:2 s14:2 s15:2 "
                + "s24:2 s39:2 s11:1 s29:1 s20:1 s17:1 s22:1 s23:1 s16:1 s25:1 s26:1 s13:1 s01:1 s19:1 s10:1 "
                + "s31:1 s32:1 s08:1 s34:1 s05:1 s04:1 s37:1 s38:1 s02:1 s40:1", sorted(RangeRequest.SortOrder.DESCEND));
    }
}
