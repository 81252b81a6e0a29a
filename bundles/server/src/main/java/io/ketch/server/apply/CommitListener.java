package io.ketch.server.apply;

import io.ketch.proto.mvccpb.Event;
import java.util.List;

/**
 * Told about every committed batch that changed keys: what etcd's watchable store feeds its synced
 * watchers. Called on the apply thread while readers are held off, so it must be quick.
 */
@FunctionalInterface
public interface CommitListener {
    /**
     * The batch's changes in revision order (a delete carries the key and the revision of the
     * delete, as etcd reports it), and the store revision after the batch.
     */
    void committed(List<Event> events, long revision);
}
