package io.ketch.server.watch;

import io.ketch.proto.etcdserverpb.ResponseHeader;

/** Fills a watch response header: cluster id, member id and raft term of now, at a revision. */
@FunctionalInterface
public interface HeaderSource {
    /** The header for a response at revision. */
    ResponseHeader header(long revision);
}
