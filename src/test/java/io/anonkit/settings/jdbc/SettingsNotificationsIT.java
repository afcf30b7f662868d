package io.anonkit.settings.jdbc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.database.ConnectionSource;
import io.anonkit.database.DatabaseNotifications;
import io.anonkit.settings.AuditEntry;
import io.anonkit.settings.ConcurrentChangeException;
import io.anonkit.settings.Settings;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.RequiredTool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Settings notifications on a private PostgreSQL: every committed save is heard by another node's listener at once, a
 * refused save is heard by no one, and a listener whose connection the server ends connects again, catches up and
 * hears the next save.
 */
class SettingsNotificationsIT {
    private static final AuditEntry ENTRY =
            new AuditEntry(Instant.parse("2026-12-01T00:00:00Z"), "admin", "10.0.0.1", List.of());

    @Test
    void savesAreHeardAtOnceAndAfterTheListenerLostItsConnection() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        try (PostgresServer database = PostgresServer.start()) {
            ConnectionSource connections =
                    () -> DriverManager.getConnection(database.jdbcUrl(), PostgresServer.USER, "");
            JdbcSettingsRepository repository = new JdbcSettingsRepository(connections, "the test database");
            BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
            try (DatabaseNotifications notifications = DatabaseNotifications.start(
                    connections,
                    "the test database",
                    JdbcSettingsRepository.CHANNEL,
                    () -> heard.add(System.nanoTime()))) {
                assertNotNull(heard.poll(10, TimeUnit.SECONDS), "the listener catches up when it starts");
                assertTrue(notifications.listening());
                long revision = 0;
                List<Long> delays = new ArrayList<>();
                for (int save = 0; save < 5; save++) {
                    long before = System.nanoTime();
                    revision = repository.save(Settings.defaults(), revision, ENTRY);
                    Long at = heard.poll(5, TimeUnit.SECONDS);
                    assertNotNull(at, "the save of revision " + revision + " was not heard");
                    delays.add(TimeUnit.NANOSECONDS.toMicros(at - before));
                }
                System.out.println("save to notification, µs: " + delays);

                long stale = revision - 1;
                assertThrows(ConcurrentChangeException.class, () -> repository.save(Settings.defaults(), stale, ENTRY));
                assertNull(heard.poll(1500, TimeUnit.MILLISECONDS), "a refused save notifies no one");

                try (Connection admin = connections.open();
                        Statement statement = admin.createStatement();
                        ResultSet ended = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM"
                                + " pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()")) {
                    assertTrue(ended.next() && ended.getLong(1) >= 1, "the listening connection was ended");
                }
                assertNotNull(heard.poll(15, TimeUnit.SECONDS), "the listener connects again and catches up");
                repository.save(Settings.defaults(), revision, ENTRY);
                assertNotNull(heard.poll(5, TimeUnit.SECONDS), "the save after the reconnection was heard");
            }
        }
    }
}
