package io.ketch.spi.consensus;

import java.util.List;

/**
 * A cluster member as etcd reports it.
 *
 * @param id         the member id, derived from its peer URLs and the cluster token
 * @param name       its name; empty until the member has published itself
 * @param peerUrls   the URLs its peers reach it on
 * @param clientUrls the URLs clients reach it on; empty until published
 * @param learner    whether it is a non-voting learner
 */
public record Member(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
    public Member {
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }
}
