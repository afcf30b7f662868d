package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theSixthTryAfterFiveFailuresWaitsUntilTheWindowOfTheFirstHasPassed() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertEquals(Optional.empty(), throttle.waitFor("10.0.0.1"), "try " + (i + 1));
            throttle.failed("10.0.0.1");
            clock.now = clock.now.plusSeconds(2);
        }
        assertEquals(Optional.of(Duration.ofSeconds(50)), throttle.waitFor("10.0.0.1"));
        assertEquals(Optional.empty(), throttle.waitFor("10.0.0.2"), "other addresses are not throttled");
        clock.now = clock.now.plusSeconds(50);
        assertEquals(Optional.empty(), throttle.waitFor("10.0.0.1"), "the window has passed");
    }

    @Test
    void aSuccessClearsTheFailures() {
        LoginThrottle throttle = new LoginThrottle(new MovableClock());
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.1");
        }
        throttle.succeeded("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertEquals(Optional.empty(), throttle.waitFor("10.0.0.1"));
    }

    @Test
    void atMostTheNewestAddressesAreTracked() {
        LoginThrottle throttle = new LoginThrottle(new MovableClock());
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed("first");
        }
        for (int i = 0; i < LoginThrottle.MAX_TRACKED; i++) {
            throttle.failed("address-" + i);
        }
        assertEquals(Optional.empty(), throttle.waitFor("first"), "the oldest address was forgotten");
    }
}
