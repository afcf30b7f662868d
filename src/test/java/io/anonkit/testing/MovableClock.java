package io.anonkit.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it, so time windows and expiries are tested without waiting. */
public final class MovableClock extends Clock {
    private volatile Instant now;

    /** A clock at {@code start}. */
    public MovableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward by {@code amount}. */
    public void advance(Duration amount) {
        now = now.plus(amount);
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
