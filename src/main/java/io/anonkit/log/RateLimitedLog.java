package io.anonkit.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A warning that is logged at most once per interval; occurrences in between are counted and reported with the next
 * line, so a flood of hostile requests cannot flood the log.
 */
public final class RateLimitedLog {
    private final Logger logger;
    private final long intervalMillis;
    private final Clock clock;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /** A log that writes to {@code logger} at most once per {@code interval}. */
    public RateLimitedLog(Logger logger, Duration interval, Clock clock) {
        this.logger = logger;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
    }

    /**
     * Logs the message unless one was logged less than an interval ago; returns whether it was logged. The message
     * is built only when it is logged.
     */
    public boolean warn(Supplier<String> message) {
        long now = clock.millis();
        long allowed = nextAllowed.get();
        if (now < allowed || !nextAllowed.compareAndSet(allowed, now + intervalMillis)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        String line = message.get();
        if (skipped > 0) {
            line = line + " (" + skipped + " similar suppressed)";
        }
        logger.log(Level.WARNING, line);
        return true;
    }
}
