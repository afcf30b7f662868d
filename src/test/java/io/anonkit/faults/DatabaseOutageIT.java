package io.anonkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.Eventually;
import io.anonkit.testing.KitEnvironment;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared database stopped as a crash would, under a node that serves visitors: visitors keep being served from the
 * settings and pooled sessions in memory, the node stays ready while its dependencies probe says the database is
 * away, and an admin's change fails with a precise 503 that keeps the settings in force; once the database is back the
 * same change saves.
 */
class DatabaseOutageIT {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(KitProcess kit, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(kit.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void visitorsAreServedAndAChangeFailsPreciselyWhileTheDatabaseIsAway() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        try (PostgresServer database = PostgresServer.start();
                QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = KitProcess.start(
                        home, KitEnvironment.openClusterNode(qlik, database, "ANONKIT_ADMIN_PASSWORD", PASSWORD))) {
            AdminClient admin = new AdminClient(kit.baseUri(), "admin", PASSWORD);
            assertEquals(200, admin.change(Map.of("userId", "before")).statusCode());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, get(kit, "qlik/echo").statusCode());
            }

            database.stopImmediately();
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> visitor = get(kit, "qlik/echo");
                assertEquals(200, visitor.statusCode(), "visitor request " + i + " during the outage");
            }
            assertEquals("before", admin.settings().getString("userId"), "the settings in force are kept");
            HttpResponse<String> change = admin.change(Map.of("userId", "during"));
            assertEquals(503, change.statusCode(), change.body());
            assertEquals("10", change.headers().firstValue("Retry-After").orElse(""));
            assertTrue(
                    change.body()
                            .contains("The settings database cannot be reached, so nothing was saved and the"
                                    + " settings in force stay on every node"),
                    change.body());
            assertEquals("before", admin.settings().getString("userId"), "nothing of the failed change took effect");
            assertEquals(200, get(kit, "health/ready").statusCode(), "the database is every node's: still ready");
            Eventually.await(
                    Duration.ofSeconds(15),
                    "the dependencies probe sees the database away",
                    () -> get(kit, "health/dependencies").statusCode() == 503);
            assertTrue(get(kit, "health/dependencies").body().contains("\"database\":false"));

            database.startServer();
            assertEquals(200, admin.change(Map.of("userId", "after")).statusCode(), "saved once it is back");
            assertEquals("after", admin.settings().getString("userId"));
            assertEquals(200, get(kit, "qlik/echo").statusCode());
        }
    }

    @Test
    void aNodeStartingDuringTheOutageWaitsForTheDatabaseWithAClearMessage() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        try (PostgresServer database = PostgresServer.start();
                QlikStandIn qlik = QlikStandIn.start()) {
            database.stopImmediately();
            java.util.concurrent.CompletableFuture<Void> back = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(6_000);
                    database.startServer();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (KitProcess kit = KitProcess.start(home, KitEnvironment.openClusterNode(qlik, database))) {
                back.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(kit.output().contains("waiting for the database " + database.jdbcUrl()), kit.output());
                assertEquals(200, get(kit, "qlik/echo").statusCode(), "it started once the database was back");
            }
        }
    }
}
