package io.anonkit.settings.jdbc;

import io.anonkit.database.ConnectionSource;
import io.anonkit.database.DatabaseNotifications;
import io.anonkit.database.DatabaseSchema;
import io.anonkit.settings.AuditEntry;
import io.anonkit.settings.ConcurrentChangeException;
import io.anonkit.settings.SavedSettings;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDocument;
import io.anonkit.settings.SettingsRepository;
import io.anonkit.settings.SigningKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the settings document and the audit trail in two tables that every node of a cluster shares. A save is one
 * transaction that updates the document only if its revision is still the one the change was based on, and appends
 * the audit entry and notifies {@link #CHANNEL}; nodes take each other's changes when notified
 * ({@link DatabaseNotifications}) and, as the fallback, by polling the revision ({@code SettingsRefresher}).
 *
 * <p>Tables, created when missing (PostgreSQL):
 * <pre>
 * anonkit_settings (id SMALLINT PRIMARY KEY CHECK (id = 1), revision BIGINT, document TEXT, updated_at TIMESTAMPTZ)
 * anonkit_audit    (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ, entry TEXT)
 * anonkit_signing_keys (id TEXT PRIMARY KEY, secret TEXT, created TIMESTAMPTZ)
 * </pre>
 * The signing keys are secrets: grant the tables to the kit's database role only.
 */
public final class JdbcSettingsRepository implements SettingsRepository {
    /** The notification channel of a saved change. */
    public static final String CHANNEL = "anonkit_settings";

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS anonkit_settings (id SMALLINT PRIMARY KEY CHECK (id = 1),"
                + " revision BIGINT NOT NULL, document TEXT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)",
        "CREATE TABLE IF NOT EXISTS anonkit_audit (id BIGSERIAL PRIMARY KEY, at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " entry TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS anonkit_signing_keys (id TEXT PRIMARY KEY, secret TEXT NOT NULL,"
                + " created TIMESTAMP WITH TIME ZONE NOT NULL)",
        // PostgreSQL grants nothing on a new table to PUBLIC; stated, so that no default privilege changes it.
        "REVOKE ALL ON anonkit_settings, anonkit_audit, anonkit_signing_keys FROM PUBLIC"
    };

    private final ConnectionSource connections;
    private final String description;

    /**
     * A repository on {@code connections}; creates the tables when missing.
     *
     * @throws IllegalStateException when the database cannot be reached or the tables cannot be created
     */
    public JdbcSettingsRepository(ConnectionSource connections, String description) {
        this.connections = connections;
        this.description = description;
        DatabaseSchema.create(connections, description, "the settings tables", SCHEMA);
    }

    @Override
    public String location() {
        return description;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Optional<SavedSettings> load() {
        try (Connection connection = connections.open();
                PreparedStatement select =
                        connection.prepareStatement("SELECT revision, document FROM anonkit_settings WHERE id = 1");
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(
                    new SavedSettings(SettingsDocument.read(row.getString(2), "in " + description), row.getLong(1)));
        } catch (SQLException e) {
            throw failure("cannot read the settings from", e);
        }
    }

    @Override
    public long save(Settings settings, long expectedRevision, AuditEntry entry) {
        String document = SettingsDocument.write(settings);
        Timestamp at = Timestamp.from(entry.at());
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try {
                int rows;
                if (expectedRevision == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO anonkit_settings"
                                    + " (id, revision, document, updated_at) VALUES (1, 1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                        insert.setString(1, document);
                        insert.setTimestamp(2, at);
                        rows = insert.executeUpdate();
                    }
                } else {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE anonkit_settings"
                                    + " SET revision = revision + 1, document = ?, updated_at = ? WHERE id = 1 AND revision = ?")) {
                        update.setString(1, document);
                        update.setTimestamp(2, at);
                        update.setLong(3, expectedRevision);
                        rows = update.executeUpdate();
                    }
                }
                if (rows != 1) {
                    connection.rollback();
                    throw new ConcurrentChangeException(
                            "another node saved the settings since revision " + expectedRevision);
                }
                try (PreparedStatement audit =
                        connection.prepareStatement("INSERT INTO anonkit_audit (at, entry) VALUES (?, ?)")) {
                    audit.setTimestamp(1, at);
                    audit.setString(2, entry.toJson().toString());
                    audit.executeUpdate();
                }
                // Delivered to the other nodes' listeners when the transaction commits, and only then.
                try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, Long.toString(expectedRevision + 1));
                    notify.execute();
                }
                connection.commit();
                return expectedRevision + 1;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot save the settings to", e);
        }
    }

    @Override
    public List<AuditEntry> auditTrail(int limit) {
        try (Connection connection = connections.open();
                PreparedStatement select =
                        connection.prepareStatement("SELECT entry FROM anonkit_audit ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(AuditEntry.parse(rows.getString(1)));
                }
            }
            return List.copyOf(entries);
        } catch (SQLException e) {
            throw failure("cannot read the audit trail from", e);
        }
    }

    @Override
    public List<SigningKey> signingKeys() {
        try (Connection connection = connections.open();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, secret, created FROM anonkit_signing_keys ORDER BY created, id");
                ResultSet rows = select.executeQuery()) {
            List<SigningKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new SigningKey(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getTimestamp(3).toInstant()));
            }
            return List.copyOf(keys);
        } catch (SQLException e) {
            throw failure("cannot read the signing keys from", e);
        }
    }

    @Override
    public List<SigningKey> addSigningKey(SigningKey key, Instant forgetBefore) {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO anonkit_signing_keys (id, secret, created) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING");
                    PreparedStatement forget =
                            connection.prepareStatement("DELETE FROM anonkit_signing_keys WHERE created < ?")) {
                insert.setString(1, key.id());
                insert.setString(2, key.secret());
                insert.setTimestamp(3, Timestamp.from(key.created()));
                insert.executeUpdate();
                forget.setTimestamp(1, Timestamp.from(forgetBefore));
                forget.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot save a signing key to", e);
        }
        return signingKeys();
    }

    private IllegalStateException failure(String what, SQLException e) {
        String message = what + " " + description + ": " + (e == null ? "no answer" : e.getMessage());
        return e != null && io.anonkit.database.DatabaseSchema.unreachable(e)
                ? new io.anonkit.settings.SettingsUnavailableException(message, e)
                : new IllegalStateException(message, e);
    }
}
