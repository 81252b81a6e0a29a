package io.ketch.itests.osgi;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.KvService;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A client of the {@link KvService} service as a front end uses it: it asks the registry for the
 * current service on every call, so it keeps working if the server re-registers during a swap.
 */
final class Kv implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

    private final ServiceTracker<KvService, KvService> tracker;

    Kv(BundleContext context) {
        tracker = new ServiceTracker<>(context, KvService.class, null);
        tracker.open();
    }

    KvService current() throws InterruptedException {
        KvService service = tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        if (service == null) {
            throw new IllegalStateException("no KvService registered for " + TIMEOUT_SECONDS + "s");
        }
        return service;
    }

    void put(String key, String value) throws Exception {
        current().put(Caller.ANONYMOUS, PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setValue(ByteString.copyFromUtf8(value))
                .build()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The key's value, read serializably (local) or linearizably (through ReadIndex). */
    Optional<String> get(String key, boolean serializable) throws Exception {
        RangeResponse response = current().range(Caller.ANONYMOUS, RangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setSerializable(serializable)
                .build()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return response.getKvsCount() == 0 ? Optional.empty() : Optional.of(response.getKvs(0).getValue().toStringUtf8());
    }

    @Override
    public void close() {
        tracker.close();
    }
}
