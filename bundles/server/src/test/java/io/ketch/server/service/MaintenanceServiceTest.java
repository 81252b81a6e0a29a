package io.ketch.server.service;

import static io.ketch.server.service.Fixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.AlarmType;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.HashKVRequest;
import io.ketch.proto.etcdserverpb.HashKVResponse;
import io.ketch.proto.etcdserverpb.MemberListRequest;
import io.ketch.proto.etcdserverpb.MemberListResponse;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.server.testing.SyncConsensus;
import io.ketch.spi.etcd.Caller;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceServiceTest {
    private final Fixture f = new Fixture();
    private final Caller c = Caller.ANONYMOUS;

    @Test
    void statusReportsVersionLeaderAndIndices() {
        f.put("a", "1");
        StatusResponse s = join(f.services.maintenance().status(c, StatusRequest.getDefaultInstance()));
        assertEquals("3.4.23", s.getVersion());
        assertEquals(SyncConsensus.MEMBER_ID, s.getLeader());
        assertEquals(1, s.getRaftIndex());
        assertEquals(1, s.getRaftAppliedIndex());
        assertEquals(SyncConsensus.TERM, s.getRaftTerm());
        assertEquals(f.backend.size(), s.getDbSize());
        assertEquals(2, s.getHeader().getRevision());
        assertEquals(0, s.getErrorsCount());
    }

    @Test
    void hashKVOfAnEmptyStoreMatchesEtcd() {
        // etcd 3.4.23 answers 1084519789 for a fresh member (CRC-32C of the bucket name alone)
        HashKVResponse r = join(f.services.maintenance().hashKV(c, HashKVRequest.getDefaultInstance()));
        assertEquals(1084519789L, Integer.toUnsignedLong(r.getHash()));
        assertEquals(-1, r.getCompactRevision());
    }

    @Test
    void hashKVAfterAPutAndCompactionMatchesEtcd() {
        // etcdctl compact 0; put a 1; compact 1; compact 2; endpoint hashkv -> 2587454935
        join(f.services.kv().compact(c, CompactionRequest.newBuilder().setRevision(0).build()));
        f.put("a", "1");
        join(f.services.kv().compact(c, CompactionRequest.newBuilder().setRevision(1).build()));
        join(f.services.kv().compact(c, CompactionRequest.newBuilder().setRevision(2).build()));
        HashKVResponse r = join(f.services.maintenance().hashKV(c, HashKVRequest.getDefaultInstance()));
        assertEquals(2587454935L, Integer.toUnsignedLong(r.getHash()));
        assertEquals(2, r.getCompactRevision());
        assertEquals(2, r.getHeader().getRevision());
    }

    @Test
    void activatedAlarmIsListedUntilDeactivated() {
        AlarmRequest activate = AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
                .setMemberID(7).setAlarm(AlarmType.NOSPACE).build();
        join(f.services.maintenance().alarm(c, activate));
        AlarmResponse list = join(f.services.maintenance().alarm(c, AlarmRequest.getDefaultInstance()));
        assertEquals(1, list.getAlarmsCount());
        join(f.services.maintenance().alarm(c, activate.toBuilder().setAction(AlarmRequest.AlarmAction.DEACTIVATE).build()));
        assertEquals(0, join(f.services.maintenance().alarm(c, AlarmRequest.getDefaultInstance())).getAlarmsCount());
    }

    @Test
    void statusListsRaisedAlarmsInEtcdsTextForm() {
        join(f.services.maintenance().alarm(c, AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
                .setMemberID(8634260996663806492L).setAlarm(AlarmType.NOSPACE).build()));
        StatusResponse s = join(f.services.maintenance().status(c, StatusRequest.getDefaultInstance()));
        // as etcd 3.4.23 reports it, trailing space included
        assertEquals(List.of("memberID:8634260996663806492 alarm:NOSPACE "), s.getErrorsList());
    }

    @Test
    void publishingIsRetriedAfterAFailedProposal() {
        f.consensus.fail(io.ketch.spi.consensus.ConsensusException.Reason.TIMEOUT);
        assertEquals(false, f.services.publisher().tick("n1", List.of("http://127.0.0.1:2379")));
        f.consensus.fail(null);
        assertTrue(f.services.publisher().tick("n1", List.of("http://127.0.0.1:2379")));
        assertEquals("3.4.0", f.machine.cluster().clusterVersion().orElseThrow());
    }

    @Test
    void memberListFillsClientUrlsFromPublishedAttributes() {
        assertTrue(f.services.publisher().tick("n1", List.of("http://127.0.0.1:2379")));
        MemberListResponse r = join(f.services.cluster().memberList(c, MemberListRequest.getDefaultInstance()));
        assertEquals("default", r.getMembers(0).getName());
        assertEquals(List.of("http://127.0.0.1:2379"), r.getMembers(0).getClientURLsList());
        assertEquals(0, r.getHeader().getRevision());
        assertEquals("3.4.0", f.machine.cluster().clusterVersion().orElseThrow());
    }
}
