package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Assertions on a client call that must fail with etcd's error text. */
public final class Failures {
    private Failures() {
    }

    /** Waits for {@code call}; it must fail and some cause's message must contain {@code text}. */
    public static String assertFailsWith(String text, CompletableFuture<?> call) {
        try {
            Object ok = call.get(20, TimeUnit.SECONDS);
            return fail("expected failure containing '" + text + "' but got " + ok);
        } catch (ExecutionException e) {
            String chain = messages(e.getCause());
            assertTrue(chain.contains(text), "expected '" + text + "' in: " + chain);
            return chain;
        } catch (TimeoutException e) {
            return fail("no answer within 20s; expected failure containing '" + text + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every message along the cause chain, joined, for matching and for failure messages. */
    public static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
