package io.anonkit.standalone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing on the admin login: a client address that fails {@value #MAX_FAILURES} times within
 * {@link #WINDOW} is refused, whatever it sends, until that window has passed since its first failure. A success
 * clears the address's count. At most {@value #MAX_TRACKED} addresses are tracked; the oldest are forgotten first.
 */
final class LoginThrottle {
    /** Failures allowed per address within {@link #WINDOW}. */
    static final int MAX_FAILURES = 5;
    /** How long failures count, and how long a throttled address waits. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Most addresses tracked at once. */
    static final int MAX_TRACKED = 10_000;

    private record Failures(Instant first, int count) {}

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must wait, or empty when it may try a password. */
    synchronized Optional<Duration> waitFor(String address) {
        Failures known = current(address);
        if (known == null || known.count < MAX_FAILURES) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), known.first.plus(WINDOW));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** Counts a wrong password from {@code address}. */
    synchronized void failed(String address) {
        Failures known = current(address);
        failures.remove(address);
        failures.put(
                address, known == null ? new Failures(clock.instant(), 1) : new Failures(known.first, known.count + 1));
        for (Iterator<String> oldest = failures.keySet().iterator(); failures.size() > MAX_TRACKED; ) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Clears the count of {@code address} after a correct password. */
    synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private Failures current(String address) {
        Failures known = failures.get(address);
        if (known != null && !clock.instant().isBefore(known.first.plus(WINDOW))) {
            failures.remove(address);
            return null;
        }
        return known;
    }
}
