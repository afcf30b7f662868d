package io.anonkit.identity;

import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests that tried to send an identity header, and logs them at most once per
 * {@link #LOG_INTERVAL}. The header's value is never logged: only its name, quoted, and the client address.
 */
public final class SpoofMonitor {
    /** Shortest time between two log lines about spoof attempts. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final LongAdder attempts = new LongAdder();
    private final RateLimitedLog log;

    /** A monitor logging through {@code System.getLogger(SpoofMonitor.class)}. */
    public SpoofMonitor() {
        this(new RateLimitedLog(System.getLogger(SpoofMonitor.class.getName()), LOG_INTERVAL, Clock.systemUTC()));
    }

    SpoofMonitor(RateLimitedLog log) {
        this.log = log;
    }

    /** Records one request that carried {@code headerName}, from {@code clientAddress}. */
    public void record(String headerName, String clientAddress) {
        attempts.increment();
        log.warn(() -> "identity spoof attempt: stripped client header " + SafeText.quote(headerName)
                + " (value redacted) from " + SafeText.quote(clientAddress) + "; " + attempts.sum()
                + " attempts since start");
    }

    /** Requests with a spoof attempt since start. */
    public long attempts() {
        return attempts.sum();
    }
}
