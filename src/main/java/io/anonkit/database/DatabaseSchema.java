package io.anonkit.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the kit's tables when missing, on every node's start. */
public final class DatabaseSchema {
    private static final int ATTEMPTS = 3;

    private DatabaseSchema() {}

    /**
     * Runs {@code ddl} (statements that may run again, such as {@code CREATE TABLE IF NOT EXISTS}) in order.
     *
     * @param connections the shared database
     * @param description where it is, free of secrets, for the message
     * @param what        what the statements create, for the message
     * @throws IllegalStateException when the database cannot be reached or a statement fails three times
     */
    public static void create(ConnectionSource connections, String description, String what, String... ddl) {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (Connection connection = connections.open();
                    Statement statement = connection.createStatement()) {
                for (String one : ddl) {
                    statement.execute(one);
                }
                return;
            } catch (SQLException e) {
                // Two nodes creating the tables at once can collide on the catalogue; the next attempt sees them.
                last = e;
            }
        }
        throw new IllegalStateException(
                "cannot create " + what + " in " + description + ": "
                        + (last == null ? "no answer" : last.getMessage()),
                last);
    }
}
