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
        Map<String, String> environment = Map.of("ANONKIT_UPSTREAM", qlik.virtualProxy().toString(),
                "ANONKIT_ADMIN_PASSWORD", PASSWORD, "ANONKIT_DATABASE_URL", database.jdbcUrl(),
                "ANONKIT_DATABASE_USER", PostgresServer.USER);
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
        while (!two.settings().getString("userId").equals("cluster-visitor")) {
            assertTrue(System.nanoTime() - started < 10_000_000_000L, "the second node did not see the change in 10 s");
            Thread.sleep(100);
        }
        System.out.printf("the second node saw the change after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        qlik.clear();
        assertEquals(200, two.send("GET", "qlik/resources/hub.js", null, Map.of()).statusCode());
        assertEquals(List.of("cluster-visitor"), qlik.onlyRequest().values("hdr-usr"));
        String audit = two.get("admin/api/audit?limit=1").body();
        assertTrue(audit.contains("{\"key\":\"userId\",\"before\":\"anonymous\",\"after\":\"cluster-visitor\"}"), audit);
        assertTrue(first.output().contains("settings saved in jdbc:postgresql://127.0.0.1:")
                || first.output().contains("(saved settings: jdbc:postgresql://127.0.0.1:"), first.output());
        assertEquals(200, two.change(Map.of("userId", "anonymous", "sessionPool", "auto")).statusCode());
    }

    @Test
    void aWriteBasedOnSettingsAnotherNodeReplacedGets412() throws Exception {
        HttpResponse<String> read = two.get("admin/api/settings");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals(200, one.change(Map.of("demoFieldId", "field-" + System.nanoTime())).statusCode());
        // Whether or not the second node has taken the change yet, its database revision no longer matches.
        HttpResponse<String> stale = two.send("PUT", "admin/api/settings", read.body(),
                Map.of("Content-Type", "application/json", "If-Match", etag));
        assertEquals(412, stale.statusCode(), stale.body());
    }
}
