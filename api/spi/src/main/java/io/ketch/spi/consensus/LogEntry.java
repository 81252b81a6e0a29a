package io.ketch.spi.consensus;

/**
 * A committed log entry handed to the {@link StateMachine}.
 *
 * @param index   its log index
 * @param term    the term it was proposed in
 * @param command the proposed command, or null for entries the consensus layer made itself
 *                (a new leader's empty entry, a configuration change): the state machine only
 *                records their index
 */
public record LogEntry(long index, long term, byte[] command) {
}
