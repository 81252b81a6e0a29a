package io.ketch.spi.etcd;

import io.ketch.proto.v3lockpb.LockRequest;
import io.ketch.proto.v3lockpb.LockResponse;
import io.ketch.proto.v3lockpb.UnlockRequest;
import io.ketch.proto.v3lockpb.UnlockResponse;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * etcd's v3lock service (v3lockpb.Lock): distributed locks bound to a lease. The returned key's
 * create revision orders the waiters and serves as a fencing token.
 */
@ProviderType
public interface LockService {
    /** Waits until the caller holds the named lock under its lease; completes with the owner key. */
    CompletableFuture<LockResponse> lock(Caller caller, LockRequest request);

    /** Releases a lock by deleting its owner key. */
    CompletableFuture<UnlockResponse> unlock(Caller caller, UnlockRequest request);
}
