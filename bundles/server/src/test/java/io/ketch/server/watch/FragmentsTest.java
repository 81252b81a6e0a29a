package io.ketch.server.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentsTest {
    private static WatchResponse withEvents(int n, int valueBytes) {
        WatchResponse.Builder b = WatchResponse.newBuilder().setWatchId(3);
        for (int i = 0; i < n; i++) {
            b.addEvents(Event.newBuilder().setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("k" + i))
                    .setValue(ByteString.copyFrom(new byte[valueBytes]))));
        }
        return b.build();
    }

    @Test
    void smallResponseIsSentWhole() {
        WatchResponse r = withEvents(3, 10);
        assertEquals(List.of(r), Fragments.split(r, 1000));
    }

    @Test
    void largeResponseIsSplitAndOnlyTheLastPartIsNotMarked() {
        List<WatchResponse> parts = Fragments.split(withEvents(10, 100), 350);
        assertTrue(parts.size() > 1);
        assertEquals(10, parts.stream().mapToInt(WatchResponse::getEventsCount).sum());
        parts.subList(0, parts.size() - 1).forEach(p -> assertTrue(p.getFragment()));
        assertFalse(parts.get(parts.size() - 1).getFragment());
        parts.forEach(p -> assertEquals(3, p.getWatchId()));
    }

    @Test
    void singleLargeEventIsNotSplit() {
        WatchResponse r = withEvents(1, 5000);
        assertEquals(List.of(r), Fragments.split(r, 100));
    }
}
