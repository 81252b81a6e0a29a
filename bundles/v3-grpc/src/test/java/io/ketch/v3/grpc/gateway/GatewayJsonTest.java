package io.ketch.v3.grpc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.mvccpb.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected strings are what etcd 3.4.23's gateway printed for the same messages. */
class GatewayJsonTest {
    private static final ResponseHeader HEADER = ResponseHeader.newBuilder().setClusterId(-3515831537534575487L)
            .setMemberId(3211106759432434375L).setRevision(2).setRaftTerm(2).build();

    @Test
    void rangeResponseHasProtoNamesBase64BytesAndInt64Strings() {
        RangeResponse response = RangeResponse.newBuilder().setHeader(HEADER).setCount(1)
                .addKvs(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("foo"))
                        .setValue(ByteString.copyFromUtf8("bar")).setCreateRevision(2).setModRevision(2).setVersion(1))
                .build();
        assertEquals("{\"header\":{\"cluster_id\":\"14930912536174976129\",\"member_id\":\"3211106759432434375\","
                + "\"revision\":\"2\",\"raft_term\":\"2\"},\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":\"2\","
                + "\"mod_revision\":\"2\",\"version\":\"1\",\"value\":\"YmFy\"}],\"count\":\"1\"}",
                GatewayJson.print(response));
    }

    @Test
    void upperCaseProtoNamesStayAsDeclared() {
        assertEquals("{\"ID\":\"8270757369793711883\",\"TTL\":\"60\"}",
                GatewayJson.print(LeaseGrantResponse.newBuilder().setID(8270757369793711883L).setTTL(60).build()));
        assertEquals("{\"version\":\"3.4.23\",\"dbSize\":\"20480\"}",
                GatewayJson.print(StatusResponse.newBuilder().setVersion("3.4.23").setDbSize(20480).build()));
    }

    @Test
    void defaultValuesAreLeftOut() {
        assertEquals("{}", GatewayJson.print(RangeResponse.getDefaultInstance()));
    }

    @Test
    void bodyParsesWithProtoNamesAndIgnoresUnknownFields() {
        List<?> parsed = GatewayJson.parse("{\"key\":\"Zm9v\",\"value\":\"YmFy\",\"prev_kv\":true,\"nope\":1}",
                PutRequest.getDefaultInstance());
        assertEquals(List.of(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("foo"))
                .setValue(ByteString.copyFromUtf8("bar")).setPrevKv(true).build()), parsed);
    }

    @Test
    void streamBodyMayCarrySeveralRequests() {
        List<?> parsed = GatewayJson.parse("{\"create_request\":{\"key\":\"YQ==\"}}\n{\"cancel_request\":{\"watch_id\":\"0\"}}",
                WatchRequest.getDefaultInstance());
        assertEquals(2, parsed.size());
    }

    @Test
    void emptyBodyIsTheDefaultRequest() {
        assertEquals(List.of(PutRequest.getDefaultInstance()), GatewayJson.parse("", PutRequest.getDefaultInstance()));
    }

    @Test
    void malformedBodyIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> GatewayJson.parse("{bad", PutRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void errorBodyIsGrpcGatewaysDefault() {
        Status status = Status.OUT_OF_RANGE.withDescription("etcdserver: mvcc: required revision is a future revision");
        assertEquals("{\"error\":\"etcdserver: mvcc: required revision is a future revision\","
                + "\"message\":\"etcdserver: mvcc: required revision is a future revision\",\"code\":11}",
                GatewayErrors.body(status));
        assertEquals(400, GatewayErrors.httpStatus(status.getCode()).code());
    }

    @Test
    void streamErrorChunkUsesStreamErrorsFieldNames() {
        Status status = Status.UNAVAILABLE.withDescription("etcdserver: server stopped");
        assertEquals("{\"error\":{\"grpc_code\":14,\"http_code\":503,\"message\":\"etcdserver: server stopped\","
                + "\"http_status\":\"Service Unavailable\"}}", GatewayErrors.streamChunk(status));
    }

    @Test
    void notFoundCodeIs404AndFailedPreconditionIs412() {
        assertEquals(404, GatewayErrors.httpStatus(Status.Code.NOT_FOUND).code());
        assertEquals(412, GatewayErrors.httpStatus(Status.Code.FAILED_PRECONDITION).code());
        assertEquals(503, GatewayErrors.httpStatus(Status.Code.UNAVAILABLE).code());
    }
}
