package io.ketch.raft.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Member and cluster ids exactly as etcd derives them (etcdserver/api/membership: newMember and
 * RaftCluster.genID), so clients see the same ids from Ketch as from etcd for the same flags.
 */
public final class MemberIds {
    private MemberIds() {
    }

    /**
     * A member id: the first 8 bytes, big-endian, of sha1(sorted peer URLs concatenated + cluster
     * token [+ unix seconds for a member added at runtime]).
     */
    public static long memberId(Collection<String> peerUrls, String clusterToken, Long unixSeconds) {
        List<String> sorted = new ArrayList<>(peerUrls);
        sorted.sort(null);
        StringBuilder b = new StringBuilder();
        sorted.forEach(b::append);
        b.append(clusterToken);
        if (unixSeconds != null) {
            b.append(unixSeconds);
        }
        return first8(sha1(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The cluster id: the first 8 bytes of sha1 of the member ids, ascending (unsigned), 8 bytes big-endian each. */
    public static long clusterId(Collection<Long> memberIds) {
        List<Long> ids = new ArrayList<>(memberIds);
        ids.sort(Long::compareUnsigned);
        ByteBuffer buf = ByteBuffer.allocate(8 * ids.size());
        ids.forEach(buf::putLong);
        return first8(sha1(buf.array()));
    }

    private static long first8(byte[] hash) {
        return ByteBuffer.wrap(hash, 0, 8).getLong();
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }
}
