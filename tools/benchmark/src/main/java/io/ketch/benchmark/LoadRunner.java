package io.ketch.benchmark;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed loop of etcd's benchmark commands: {@code clients} threads take request numbers
 * {@code 0..total-1} in turn, each waits for the rate limiter, sends its request, and records the
 * latency or the error. Stops by itself after {@code total} requests.
 */
final class LoadRunner {

    /** One request; throws what the call failed with. */
    @FunctionalInterface
    interface Request {
        void send(ManagedChannel channel, long i, SplittableRandom random) throws Exception;
    }

    private final Connections connections;
    private final long seed;

    LoadRunner(Connections connections, long seed) {
        this.connections = connections;
        this.seed = seed;
    }

    /** Sends {@code total} requests at most {@code rate} a second (0: no limit); returns the report. */
    Report run(String task, long total, int rate, boolean progressBar, Request request) {
        Report report = new Report();
        RateLimiter limiter = new RateLimiter(rate);
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        try (Progress progress = Progress.create(task, total, progressBar)) {
            report.start();
            for (int c = 0; c < connections.clients(); c++) {
                ManagedChannel channel = connections.client(c);
                SplittableRandom random = new SplittableRandom(seed + c);
                Thread t = new Thread(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < total) {
                        limiter.acquire();
                        long st = System.nanoTime();
                        try {
                            request.send(channel, i, random);
                            report.ok(System.nanoTime() - st);
                        } catch (Exception e) {
                            report.error(e);
                        }
                        progress.step();
                    }
                }, "benchmark-client-" + c);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            report.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.stop();
        }
        return report;
    }
}
