package io.ketch.raft.engine;

/** What differs between roles: how a tick and a role-specific message are handled. */
abstract class RoleBehaviour {
    final Raft raft;

    RoleBehaviour(Raft raft) {
        this.raft = raft;
    }

    abstract StateType type();

    abstract void tick();

    /** Handles a message of the current term that the common path did not consume. */
    abstract void step(Message m);
}
