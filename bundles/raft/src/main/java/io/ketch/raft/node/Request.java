package io.ketch.raft.node;

import io.ketch.raft.engine.Message;
import io.ketch.spi.consensus.ConsensusException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** What other threads hand the raft loop through its queue. */
sealed interface Request permits Request.Propose, Request.Read, Request.Conf, Request.Transfer, Request.Inbound, Request.Stop {
    /** Fails the caller's future, if the request has one. */
    default void fail(ConsensusException e) {
    }

    record Propose(byte[] data, CompletableFuture<Object> future) implements Request {
        @Override
        public void fail(ConsensusException e) {
            future.completeExceptionally(e);
        }
    }

    record Read(CompletableFuture<Long> future) implements Request {
        @Override
        public void fail(ConsensusException e) {
            future.completeExceptionally(e);
        }
    }

    /** A conf change; {@code check} runs on the loop first and refuses it with its message (null: go on). */
    record Conf(byte[] change, CompletableFuture<Object> future, Function<Object, Object> map,
                Function<io.ketch.raft.engine.RaftEngine, String> check) implements Request {
        @Override
        public void fail(ConsensusException e) {
            future.completeExceptionally(e);
        }
    }

    record Transfer(long target, CompletableFuture<Void> future) implements Request {
        @Override
        public void fail(ConsensusException e) {
            future.completeExceptionally(e);
        }
    }

    record Inbound(Message message) implements Request {
    }

    record Stop() implements Request {
    }

}
