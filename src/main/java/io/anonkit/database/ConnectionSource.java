package io.anonkit.database;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection to the shared settings database; the caller closes it. */
@FunctionalInterface
public interface ConnectionSource {
    /** A new (or pooled) connection. */
    Connection open() throws SQLException;
}
