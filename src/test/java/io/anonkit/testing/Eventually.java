package io.anonkit.testing;

import java.time.Duration;

/**
 * Waits for a condition a test needs instead of sleeping a fixed time: polls it every 10 ms and fails, saying what was
 * awaited, when it does not hold within the time given.
 */
public final class Eventually {
    private Eventually() {}

    /** A condition read again on every poll. */
    @FunctionalInterface
    public interface Condition {
        /** Whether it holds now. */
        boolean holds() throws Exception;
    }

    /**
     * Returns once {@code condition} holds; fails after {@code within} with {@code what}.
     *
     * @param what what the test waits for, for the failure's message
     */
    public static void await(Duration within, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}
