package io.ketch.raft.engine;

/** What a log entry carries: a client command or a configuration change (raftpb ConfChange bytes). */
public enum EntryType {
    NORMAL,
    CONF_CHANGE
}
