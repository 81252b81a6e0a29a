package io.ketch.server.service;

import static io.ketch.server.service.Fixture.error;
import static io.ketch.server.service.Fixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.MemberAddRequest;
import io.ketch.proto.etcdserverpb.MemberAddResponse;
import io.ketch.proto.etcdserverpb.MemberRemoveRequest;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterServiceTest {
    private final Fixture f = new Fixture();

    @Test
    void addedMemberIsReturnedWithTheNewList() {
        MemberAddResponse r = join(f.services.cluster().memberAdd(Caller.ANONYMOUS,
                MemberAddRequest.newBuilder().addPeerURLs("http://127.0.0.1:2381").setIsLearner(true).build()));
        assertTrue(r.getMember().getIsLearner());
        assertEquals(2, r.getMembersCount());
        assertEquals(0, r.getHeader().getRevision());
    }

    @Test
    void peerUrlWithoutPortIsBadUrls() {
        assertEquals(EtcdError.MEMBER_BAD_URLS.message(), error(f.services.cluster().memberAdd(Caller.ANONYMOUS,
                MemberAddRequest.newBuilder().addPeerURLs("http://127.0.0.1").build())));
    }

    @Test
    void urlRulesFollowEtcd() {
        assertTrue(ClusterServiceImpl.validUrls(List.of("unix://localhost:1")));
        assertFalse(ClusterServiceImpl.validUrls(List.of()));
        assertFalse(ClusterServiceImpl.validUrls(List.of("ftp://a:1")));
        assertFalse(ClusterServiceImpl.validUrls(List.of("http://a:1/path")));
    }

    @Test
    void refusedRemovalCarriesEtcdsError() {
        assertEquals(EtcdError.MEMBER_NOT_FOUND.message(), error(f.services.cluster().memberRemove(Caller.ANONYMOUS,
                MemberRemoveRequest.newBuilder().setID(42).build())));
    }
}
