package io.ketch.server.apply;

/**
 * The bundle-internal service through which the services component reaches the state machine
 * that the consensus layer drives; it keeps the two components free of a reference cycle.
 */
public interface ServerCore {
    /** The state machine, with its local reads. */
    EtcdStateMachine stateMachine();
}
