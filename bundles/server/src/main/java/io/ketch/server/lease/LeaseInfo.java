package io.ketch.server.lease;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * What etcd's LeaseTimeToLive reports of a live lease.
 *
 * @param id         the lease id
 * @param grantedTtl the TTL it was granted with (raised to the minimum), seconds
 * @param remaining  seconds until it expires, truncated
 * @param keys       the attached keys in byte order
 */
public record LeaseInfo(long id, long grantedTtl, long remaining, List<ByteString> keys) {
}
