package io.anonkit.settings.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code java -jar} nodes sharing their settings through one real PostgreSQL server. */
class ClusterIT {
    private static final String PASSWORD = "cluster-admin-password";
    private static PostgresServer database;
    private static QlikStandIn qlik;
    private static KitProcess first;
    private static KitProcess second;
    private static AdminClient one;
    private static AdminClient two;

    @TempDir
    static Path homes;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        database = PostgresServer.start();
        qlik = QlikStandIn.start();
        Map<String, String> environment = Map.of(
                "ANONKIT_UPSTREAM",
                qlik.virtualProxy().toString(),
                "ANONKIT_ADMIN_PASSWORD",
                PASSWORD,
                "ANONKIT_DATABASE_URL",
                database.jdbcUrl(),
                "ANONKIT_DATABASE_USER",
                PostgresServer.USER);
        first = KitProcess.start(homes.resolve("one"), environment);
        second = KitProcess.start(homes.resolve("two"), environment);
        one = new AdminClient(first.baseUri(), "admin", PASSWORD);
        two = new AdminClient(second.baseUri(), "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, qlik, database}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void aChangeOnOneNodeReachesTheOtherWithinSecondsWithItsAuditEntry() throws Exception {
        HttpResponse<String> saved = one.change(Map.of("userId", "cluster-visitor", "sessionPool", "off"));
        assertEquals(200, saved.statusCode(), saved.body());
        long started = System.nanoTime();
        io.anonkit.testing.Eventually.await(
                java.time.Duration.ofSeconds(10),
                "the second node sees the change",
                () -> two.settings().getString("userId").equals("cluster-visitor"));
        System.out.printf("the second node saw the change after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        qlik.clear();
        assertEquals(
                200, two.send("GET", "qlik/resources/hub.js", null, Map.of()).statusCode());
        assertEquals(List.of("cluster-visitor"), qlik.onlyRequest().values("hdr-usr"));
        String audit = two.get("admin/api/audit?limit=1").body();
        assertTrue(
                audit.contains("{\"key\":\"userId\",\"before\":\"anonymous\",\"after\":\"cluster-visitor\"}"), audit);
        assertTrue(
                first.output().contains("settings saved in jdbc:postgresql://127.0.0.1:")
                        || first.output().contains("(saved settings: jdbc:postgresql://127.0.0.1:"),
                first.output());
        assertEquals(
                200,
                two.change(Map.of("userId", "anonymous", "sessionPool", "auto")).statusCode());
    }

    @Test
    void theSharedDatabaseShowsAmongTheDependenciesOfReadinessAndItsOwnProbe() throws Exception {
        for (KitProcess node : List.of(first, second)) {
            HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(node.baseUri().resolve("health/ready"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals(
                    "{\"status\":\"UP\",\"checks\":{\"settings\":true,\"running\":true,\"tunnels\":true,\"threads\":true},"
                            + "\"dependencies\":{\"upstream\":true,\"database\":true}}",
                    ready.body());
            HttpResponse<String> dependencies = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(node.baseUri().resolve("health/dependencies"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"status\":\"UP\",\"checks\":{\"upstream\":true,\"database\":true}}", dependencies.body());
        }
    }

    @Test
    void aWriteBasedOnSettingsAnotherNodeReplacedGets412() throws Exception {
        HttpResponse<String> read = two.get("admin/api/settings");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals(
                200,
                one.change(Map.of("demoFieldId", "field-" + System.nanoTime())).statusCode());
        // Whether or not the second node has taken the change yet, its database revision no longer matches.
        HttpResponse<String> stale = two.send(
                "PUT", "admin/api/settings", read.body(), Map.of("Content-Type", "application/json", "If-Match", etag));
        assertEquals(412, stale.statusCode(), stale.body());
    }

    @Test
    void aChangeReachesTheOtherNodeInMillisecondsWhenNotifiedAndByPollingWhenNot() throws Exception {
        List<Long> notified = new ArrayList<>();
        for (int change = 0; change < 5; change++) {
            String value = "notified-" + change;
            changeOnFirstNode(value);
            notified.add(untilSecondNodeShows(value));
        }
        // A write that notifies no one, as when a notification is lost: the second node's polling finds it.
        List<Long> polled = new ArrayList<>();
        for (int change = 0; change < 5; change++) {
            String value = "polled-" + change;
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), PostgresServer.USER, "");
                    PreparedStatement update = connection.prepareStatement("UPDATE anonkit_settings SET revision ="
                            + " revision + 1, document = regexp_replace(document, '\"demoFieldId\" *: *\"[^\"]*\"',"
                            + " ?) WHERE id = 1")) {
                update.setString(1, "\"demoFieldId\": \"" + value + "\"");
                assertEquals(1, update.executeUpdate());
            }
            polled.add(untilSecondNodeShows(value));
        }
        System.out.println(
                "settings propagation to the second node, ms: notified " + notified + ", polling only " + polled);
        assertTrue(notified.stream().allMatch(ms -> ms < 1000), "notified: " + notified);
        assertTrue(polled.stream().allMatch(ms -> ms < 2000 + 1000), "polling only: " + polled);
    }

    /** Saves {@code demoFieldId} on the first node, reading again while it has not yet taken another node's change. */
    private static void changeOnFirstNode(String value) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> saved = one.change(Map.of("demoFieldId", value));
            if (saved.statusCode() == 200) {
                return;
            }
            assertEquals(412, saved.statusCode(), saved.body());
            Thread.sleep(100);
        }
        throw new AssertionError("the first node kept answering 412");
    }

    /** Milliseconds until the second node's settings show {@code demoFieldId} as {@code value}, at most 10 s. */
    private static long untilSecondNodeShows(String value) throws Exception {
        long started = System.nanoTime();
        io.anonkit.testing.Eventually.await(
                java.time.Duration.ofSeconds(10),
                "the second node shows " + value,
                () -> two.settings().getString("demoFieldId").equals(value));
        return (System.nanoTime() - started) / 1_000_000;
    }
}
