package io.ketch.raft.node;

import io.ketch.spi.consensus.ConsensusException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The futures the loop owes: proposals by proposal sequence (they may be forwarded, so the index is
 * not known here), conf changes by log index, read barriers by context and by index. A proposal or
 * read that nobody answers (its leader died with it) times out as etcd's request timeout does.
 * Loop thread only.
 */
final class Waiters {
    private record ConfWaiter(long deadline, CompletableFuture<Object> future, Function<Object, Object> map) {
    }

    private record Timed<T>(long deadline, CompletableFuture<T> future) {
    }

    private static final String TIMED_OUT = "etcdserver: request timed out";

    private final Map<Long, ConfWaiter> confs = new HashMap<>();
    private final Map<CompletableFuture<Void>, Long> transfers = new HashMap<>();
    private final Map<CompletableFuture<Void>, Long> transferTargets = new HashMap<>();
    private final Map<Long, Timed<Object>> proposals = new HashMap<>();
    private final Map<Long, List<CompletableFuture<Long>>> readsByContext = new HashMap<>();
    private final Map<Long, Long> readDeadlines = new HashMap<>();
    private final TreeMap<Long, List<CompletableFuture<Long>>> readsByIndex = new TreeMap<>();

    void onConf(long id, long deadline, CompletableFuture<Object> f, Function<Object, Object> map) {
        confs.put(id, new ConfWaiter(deadline, f, map));
    }

    /** A conf change with this id was applied: complete its proposer (if it is this member). */
    void confApplied(long id, Object result) {
        ConfWaiter w = id == 0 ? null : confs.remove(id);
        if (w == null) {
            return;
        }
        try {
            w.future().complete(w.map().apply(result));
        } catch (RuntimeException e) {
            w.future().completeExceptionally(e);
        }
    }

    /** A leadership transfer to target: done when target leads, timed out otherwise. */
    void onTransfer(long target, long deadline, CompletableFuture<Void> f) {
        transfers.put(f, deadline);
        transferTargets.put(f, target);
    }

    /** The known leader is now {@code leader}: the transfers to it are done. */
    void leaderIs(long leader) {
        var it = transferTargets.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue() == leader) {
                it.remove();
                transfers.remove(e.getKey());
                e.getKey().complete(null);
            }
        }
    }

    void onProposal(long seq, long deadline, CompletableFuture<Object> f) {
        proposals.put(seq, new Timed<>(deadline, f));
    }

    /** This member's proposal {@code seq} was applied with this result. */
    void proposalApplied(long seq, Object result) {
        Timed<Object> w = proposals.remove(seq);
        if (w == null) {
            return;
        }
        if (result instanceof Exception e) {
            w.future().completeExceptionally(e);
        } else {
            w.future().complete(result);
        }
    }

    void onRead(long context, long deadline, CompletableFuture<Long> f) {
        readsByContext.computeIfAbsent(context, k -> new ArrayList<>()).add(f);
        readDeadlines.putIfAbsent(context, deadline);
    }

    /** Fails proposals and unconfirmed reads whose deadline passed ("request timed out"). */
    void expire(long now) {
        ConsensusException e = new ConsensusException(ConsensusException.Reason.TIMEOUT, TIMED_OUT);
        var it = proposals.values().iterator();
        while (it.hasNext()) {
            Timed<Object> t = it.next();
            if (now - t.deadline() >= 0) {
                t.future().completeExceptionally(e);
                it.remove();
            }
        }
        var tit = transfers.entrySet().iterator();
        while (tit.hasNext()) {
            var t = tit.next();
            if (now - t.getValue() >= 0) {
                tit.remove();
                transferTargets.remove(t.getKey());
                t.getKey().completeExceptionally(e);
            }
        }
        var cit = confs.values().iterator();
        while (cit.hasNext()) {
            ConfWaiter w = cit.next();
            if (now - w.deadline() >= 0) {
                w.future().completeExceptionally(e);
                cit.remove();
            }
        }
        var rit = readDeadlines.entrySet().iterator();
        while (rit.hasNext()) {
            var d = rit.next();
            if (now - d.getValue() >= 0) {
                rit.remove();
                List<CompletableFuture<Long>> fs = readsByContext.remove(d.getKey());
                if (fs != null) {
                    fs.forEach(f -> f.completeExceptionally(e));
                }
            }
        }
    }

    /** A read context was confirmed at index: it completes once applied reaches it. */
    void readConfirmed(long context, long index) {
        List<CompletableFuture<Long>> fs = readsByContext.remove(context);
        readDeadlines.remove(context);
        if (fs != null) {
            readsByIndex.computeIfAbsent(index, k -> new ArrayList<>()).addAll(fs);
        }
    }

    void appliedUpTo(long applied) {
        var done = readsByIndex.headMap(applied, true);
        done.forEach((index, list) -> list.forEach(f -> f.complete(index)));
        done.clear();
    }

    /** Fails everything outstanding (shutdown). */
    void failAll(ConsensusException e) {
        confs.values().forEach(w -> w.future().completeExceptionally(e));
        confs.clear();
        transfers.keySet().forEach(f -> f.completeExceptionally(e));
        transfers.clear();
        transferTargets.clear();
        proposals.values().forEach(w -> w.future().completeExceptionally(e));
        proposals.clear();
        readDeadlines.clear();
        readsByContext.values().forEach(l -> l.forEach(f -> f.completeExceptionally(e)));
        readsByContext.clear();
        readsByIndex.values().forEach(l -> l.forEach(f -> f.completeExceptionally(e)));
        readsByIndex.clear();
    }
}
