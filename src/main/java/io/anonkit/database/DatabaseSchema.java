package io.anonkit.database;

import io.anonkit.log.SafeText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Creates the kit's tables when missing, on every node's start. A database that cannot be reached yet (a node starting
 * during an outage, or before the database in a fresh deployment) is waited for up to {@link #START_WAIT}, with a log
 * line at each try, rather than failing the start at once.
 */
public final class DatabaseSchema {
    /** How long a starting node waits for a database it cannot reach. */
    public static final Duration START_WAIT = Duration.ofSeconds(60);

    private static final Duration RETRY_EVERY = Duration.ofSeconds(2);
    private static final int COLLISIONS = 3;
    private static final System.Logger LOG = System.getLogger(DatabaseSchema.class.getName());

    private DatabaseSchema() {}

    /**
     * Runs {@code ddl} (statements that may run again, such as {@code CREATE TABLE IF NOT EXISTS}) in order.
     *
     * @param connections the shared database
     * @param description where it is, free of secrets, for the message
     * @param what        what the statements create, for the message
     * @throws IllegalStateException when the database cannot be reached within {@link #START_WAIT} or a statement fails
     *     three times
     */
    public static void create(ConnectionSource connections, String description, String what, String... ddl) {
        SQLException last = null;
        int collisions = 0;
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try (Connection connection = connections.open();
                    Statement statement = connection.createStatement()) {
                for (String one : ddl) {
                    statement.execute(one);
                }
                return;
            } catch (SQLException e) {
                last = e;
                if (unreachable(e) && System.nanoTime() < deadline) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "waiting for the database " + description + " to create " + what + ": "
                                    + SafeText.quote(String.valueOf(e.getMessage())) + "; trying again every "
                                    + RETRY_EVERY.toSeconds() + " s for up to " + START_WAIT.toSeconds() + " s");
                    sleep();
                    continue;
                }
                // Two nodes creating the tables at once can collide on the catalogue; the next attempt sees them.
                if (unreachable(e) || ++collisions >= COLLISIONS) {
                    break;
                }
            }
        }
        throw new IllegalStateException(
                "cannot create " + what + " in " + description + ": "
                        + (last == null ? "no answer" : last.getMessage()),
                last);
    }

    /** Whether {@code e} says the database cannot be reached now (SQL state class 08, or 57P: shutting down, starting). */
    public static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_EVERY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
