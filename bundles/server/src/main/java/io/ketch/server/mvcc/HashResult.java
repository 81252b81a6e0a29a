package io.ketch.server.mvcc;

/** etcd's HashByRev result: the hash, the current revision and the compacted revision. */
public record HashResult(int hash, long currentRev, long compactRev) {
}
