package io.ketch.server.mvcc;

import io.ketch.proto.mvccpb.KeyValue;
import java.util.List;

/**
 * What a range found: the key-values (empty when only counting), how many keys matched before the
 * limit, and the store revision the read ran against (etcd reports the current one).
 */
public record RangeResult(List<KeyValue> kvs, long count, long rev) {
}
