package io.anonkit.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the upstream accepts TCP connections, checked at most once per {@link #MAX_AGE} so that a monitor polling
 * {@code /health} never loads Qlik. It says nothing of TLS or of Qlik's answers.
 */
final class UpstreamProbe {
    /** How long a result is reused. */
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    /** How long a probe may wait for the connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * One probe's outcome.
     *
     * @param target    the upstream probed
     * @param reachable whether it accepted a connection
     * @param checkedAt when
     * @param error     why not, when it did not
     */
    record Result(URI target, boolean reachable, Instant checkedAt, String error) {}

    private final Clock clock;
    private Result last;

    UpstreamProbe(Clock clock) {
        this.clock = clock;
    }

    synchronized Result check(URI upstream) {
        Instant now = clock.instant();
        if (last != null
                && last.target.equals(upstream)
                && last.checkedAt.plus(MAX_AGE).isAfter(now)) {
            return last;
        }
        if (upstream.equals(io.anonkit.settings.Settings.INSPECTION_UPSTREAM)) {
            // The inspection upstream lives in the kit.
            last = new Result(upstream, true, now, null);
            return last;
        }
        int port = upstream.getPort() > 0 ? upstream.getPort() : "https".equals(upstream.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(upstream.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            last = new Result(upstream, true, now, null);
        } catch (IOException e) {
            last = new Result(upstream, false, now, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return last;
    }
}
