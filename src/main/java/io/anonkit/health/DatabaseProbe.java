package io.anonkit.health;

import io.anonkit.database.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Whether the shared database answers, checked at most once per {@link UpstreamProbe#MAX_AGE}. */
final class DatabaseProbe {
    /** How long the database may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * One probe's outcome.
     *
     * @param reachable whether the database answered
     * @param checkedAt when
     * @param error     why not, when it did not
     */
    record Result(boolean reachable, Instant checkedAt, String error) {}

    private final ConnectionSource connections;
    private final Clock clock;
    private Result last;

    DatabaseProbe(ConnectionSource connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    synchronized Result check() {
        Instant now = clock.instant();
        if (last != null && last.checkedAt.plus(UpstreamProbe.MAX_AGE).isAfter(now)) {
            return last;
        }
        try (Connection connection = connections.open()) {
            last = connection.isValid((int) TIMEOUT.toSeconds())
                    ? new Result(true, now, null)
                    : new Result(false, now, "the connection is not valid");
        } catch (SQLException e) {
            last = new Result(false, now, "SQLException: " + e.getSQLState());
        }
        return last;
    }
}
