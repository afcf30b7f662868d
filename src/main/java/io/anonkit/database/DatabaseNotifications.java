package io.anonkit.database;

import io.anonkit.log.SafeText;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on one PostgreSQL notification channel, which a writer notifies in its transaction (the settings on
 * {@code anonkit_settings}, the pooled Qlik sessions on {@code anonkit_sessions}), and runs a callback for every
 * notification, so a change on one node reaches the others in milliseconds.
 * The listening connection is checked every {@link #CHECK} and opened again {@link #RETRY} after it fails; on every
 * (re)start the callback runs once, to catch up with what was missed. Polling stays in force as the fallback; when the
 * database is not PostgreSQL, the listener ends at once and polling alone remains.
 */
public final class DatabaseNotifications implements AutoCloseable {
    /** How often the listening connection is checked with a query, to notice a silently dropped connection. */
    public static final Duration CHECK = Duration.ofSeconds(10);
    /** How long after a failure the listener connects again. */
    public static final Duration RETRY = Duration.ofSeconds(2);
    /**
     * Prefix of the servlet context attributes, one per channel ({@code prefix + channel}), that hold a
     * {@link java.util.function.BooleanSupplier} of {@link #listening()}, for the metrics.
     */
    public static final String LISTENING_ATTRIBUTE_PREFIX = "io.anonkit.database.listening.";

    private static final int WAIT_MILLIS = 1000;
    private static final Logger LOG = System.getLogger(DatabaseNotifications.class.getName());

    private final ConnectionSource connections;
    private final String description;
    private final String channel;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile Connection current;
    private String lastProblem = "";

    private DatabaseNotifications(ConnectionSource connections, String description, String channel, Runnable onChange) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        this.connections = connections;
        this.description = description;
        this.channel = channel;
        this.onChange = onChange;
        thread = new Thread(this::listen, "anonkit-notifications-" + channel);
        thread.setDaemon(true);
    }

    /**
     * Starts listening.
     *
     * @param connections the shared database
     * @param description where it is, free of secrets, for log lines
     * @param channel     the channel, lower-case letters and underscores
     * @param onChange    run on every notification and after every (re)connection
     */
    public static DatabaseNotifications start(
            ConnectionSource connections, String description, String channel, Runnable onChange) {
        DatabaseNotifications notifications = new DatabaseNotifications(connections, description, channel, onChange);
        notifications.thread.start();
        return notifications;
    }

    /** Whether the listener holds a listening connection now. */
    public boolean listening() {
        return listening;
    }

    /** The channel listened on. */
    public String channel() {
        return channel;
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = connections.open()) {
                current = connection;
                if (!connection.isWrapperFor(PGConnection.class)) {
                    LOG.log(
                            Level.INFO,
                            "database " + description + " is not PostgreSQL: no notifications on " + channel);
                    return;
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                listening = true;
                if (!lastProblem.isEmpty()) {
                    LOG.log(Level.INFO, "notifications on " + channel + " from " + description + " resumed");
                    lastProblem = "";
                }
                onChange.run();
                waitForNotifications(connection, postgres);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    return;
                }
                String problem = SafeText.quote(String.valueOf(e.getMessage()));
                if (!problem.equals(lastProblem)) {
                    LOG.log(
                            Level.WARNING,
                            "notifications on " + channel + " from " + description + " stopped: " + problem
                                    + "; polling goes on, and the listener connects again every " + RETRY.toSeconds()
                                    + " s");
                    lastProblem = problem;
                }
                pause();
            } finally {
                listening = false;
                current = null;
            }
        }
    }

    private void waitForNotifications(Connection connection, PGConnection postgres) throws SQLException {
        long checked = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                onChange.run();
            }
            if (System.nanoTime() - checked > CHECK.toNanos()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                checked = System.nanoTime();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Connection connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing ends the wait; a failure to close changes nothing here.
            }
        }
    }
}
