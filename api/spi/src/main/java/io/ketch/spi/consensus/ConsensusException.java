package io.ketch.spi.consensus;

/** A proposal, read barrier or membership change that the consensus layer could not carry out. */
public class ConsensusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why; each maps to one of etcd's client-facing errors. */
    public enum Reason {
        /** The member is shutting down ("etcdserver: server stopped"). */
        STOPPED,
        /** No leader is known ("etcdserver: no leader"). */
        NO_LEADER,
        /** Not committed in time ("etcdserver: request timed out"). */
        TIMEOUT,
        /** The leader changed before the request committed ("etcdserver: leader changed"). */
        LEADER_CHANGED,
        /** A membership change was refused; the message says why in etcd's words. */
        MEMBERSHIP_REFUSED,
        /** The target of a leadership transfer cannot lead ("etcdserver: bad leader transferee"). */
        BAD_TRANSFEREE
    }

    private final Reason reason;

    /** A failure with a reason and a message for logs. */
    public ConsensusException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }
}
