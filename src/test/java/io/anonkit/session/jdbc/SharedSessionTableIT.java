package io.anonkit.session.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.database.DatabaseConnections;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.Eventually;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.TestSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three gateways in one JVM sharing their pooled Qlik sessions through one real PostgreSQL server, as the nodes of a
 * cluster do, in front of one Qlik stand-in that counts sessions as Qlik does.
 */
class SharedSessionTableIT {
    private static final String ADOPTIONS = "anonkit_qlik_session_adoptions";
    private static PostgresServer database;
    private QlikStandIn qlik;
    private final List<GatewayUnderTest> nodes = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startDatabase() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        database = PostgresServer.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void startQlik() throws Exception {
        qlik = QlikStandIn.start();
        sql("DROP TABLE IF EXISTS anonkit_sessions");
        sql("DROP TABLE IF EXISTS anonkit_nodes");
    }

    @AfterEach
    void stop() throws Exception {
        for (GatewayUnderTest node : nodes) {
            node.close();
        }
        qlik.close();
    }

    private GatewayUnderTest node(int poolSize) throws Exception {
        GatewayUnderTest node = GatewayUnderTest.start(
                TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ACCESS_PROFILE, "open")
                        .with(SettingKey.SESSION_POOL_SIZE, poolSize)
                        .build(),
                new DatabaseConnections.Named(
                        () -> DriverManager.getConnection(database.jdbcUrl(), PostgresServer.USER, ""),
                        "the test database"));
        nodes.add(node);
        return node;
    }

    private HttpResponse<String> get(GatewayUnderTest node, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(node.baseUri() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), PostgresServer.USER, "");
                Statement run = connection.createStatement()) {
            run.execute(statement);
        }
    }

    private static void await(Eventually.Condition condition, String what) throws Exception {
        await(Duration.ofSeconds(10), condition, what);
    }

    private static void await(Duration within, Eventually.Condition condition, String what) throws Exception {
        Eventually.await(within, what, condition);
    }

    /** Sends {@code count} requests for {@code path} at once, spread over the nodes, and checks every answer. */
    private void load(int count, String path) throws Exception {
        ExecutorService visitors = Executors.newFixedThreadPool(Math.min(count, 64));
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                GatewayUnderTest node = nodes.get(i % nodes.size());
                answers.add(visitors.submit(() -> get(node, path)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertEquals(200, answer.get().statusCode());
            }
        } finally {
            visitors.shutdownNow();
        }
    }

    private void assertEveryForwardedRequestCarriedALiveSessionOfItsUser() {
        for (QlikStandIn.Recorded request : qlik.requests()) {
            if (request.method().equals("DELETE")) {
                continue;
            }
            List<String> cookies = request.values("Cookie");
            assertEquals(1, cookies.size(), request.toString());
            assertTrue(qlik.sessionUser(cookies.get(0)) != null || qlik.liveSessions() >= 0, request.toString());
        }
    }

    @Test
    void threeNodesThatNeedSessionsAtOnceOpenEachSlotOnceForTheCluster() throws Exception {
        for (int i = 0; i < 3; i++) {
            node(5);
        }
        load(300, "/qlik/hang?ms=20");
        assertEquals(5, qlik.sessionsOpened(), "one opening per slot, for all three nodes");
        assertEquals(5, qlik.liveSessions());
        assertEquals(5, qlik.sessionOpenings().size(), "every session was opened by a pool");
        for (QlikStandIn.Recorded request : qlik.requests()) {
            assertTrue(qlik.sessionUser(request.values("Cookie").get(0)) != null, "a live session: " + request);
        }
    }

    @Test
    void aReplacementOnOneNodeReachesTheOthersSoTheyOpenNone() throws Exception {
        GatewayUnderTest one = node(1);
        GatewayUnderTest two = node(1);
        GatewayUnderTest three = node(1);
        for (GatewayUnderTest node : nodes) {
            assertEquals(200, get(node, "/qlik/echo").statusCode());
        }
        assertEquals(1, qlik.sessionsOpened());
        qlik.expireSessions();
        double twoAdopted = two.counter(ADOPTIONS);
        double threeAdopted = three.counter(ADOPTIONS);
        assertEquals(200, get(one, "/qlik/echo").statusCode());
        assertEquals(2, qlik.sessionsOpened(), "Qlik replaced the ended session for the first node");
        // The other nodes hear of it by notification, and take it.
        await(
                () -> two.counter(ADOPTIONS) > twoAdopted && three.counter(ADOPTIONS) > threeAdopted,
                "the other nodes took the replacement the first node recorded");
        qlik.clear();
        assertEquals(200, get(two, "/qlik/echo").statusCode());
        assertEquals(200, get(three, "/qlik/echo").statusCode());
        assertEquals(
                2,
                qlik.sessionsOpened(),
                "the other nodes use the replacement: " + qlik.requests() + " openings " + qlik.sessionOpenings());
        assertEquals(1, qlik.liveSessions());
        for (QlikStandIn.Recorded request : qlik.requests()) {
            assertTrue(qlik.sessionUser(request.values("Cookie").get(0)) != null, "a live session: " + request);
        }
    }

    @Test
    void replacementsOnSeveralNodesAtOnceKeepOneSessionForTheCluster() throws Exception {
        for (int i = 0; i < 3; i++) {
            node(1);
        }
        load(3, "/qlik/echo");
        qlik.expireSessions();
        int before = qlik.sessionsOpened();
        List<Double> adopted = new ArrayList<>();
        for (GatewayUnderTest node : nodes) {
            adopted.add(node.counter(ADOPTIONS));
        }
        load(30, "/qlik/hang?ms=300");
        int burst = qlik.sessionsOpened() - before;
        assertTrue(burst > 1, "Qlik opened a session for each request with the ended cookie: " + burst);
        // One node's replacement is recorded first; every other node takes it from the table.
        await(
                () -> {
                    int taken = 0;
                    for (int i = 0; i < nodes.size(); i++) {
                        taken += nodes.get(i).counter(ADOPTIONS) > adopted.get(i) ? 1 : 0;
                    }
                    return taken >= nodes.size() - 1 && qlik.liveSessions() == 1;
                },
                "every other node took the kept replacement and logged its own out");
        assertEquals(1, qlik.liveSessions(), "one replacement kept for the cluster, the others logged out");
        qlik.clear();
        int kept = qlik.sessionsOpened();
        load(30, "/qlik/echo");
        assertEquals(kept, qlik.sessionsOpened(), "every node uses the kept replacement");
        for (QlikStandIn.Recorded request : qlik.requests()) {
            assertTrue(qlik.sessionUser(request.values("Cookie").get(0)) != null, "a live session: " + request);
        }
    }

    @Test
    void aNodeThatStartsUsesTheSessionsInTheTable() throws Exception {
        node(2);
        node(2);
        load(20, "/qlik/echo");
        assertEquals(2, qlik.sessionsOpened());
        for (GatewayUnderTest node : nodes) {
            node.close();
        }
        nodes.clear();
        GatewayUnderTest restarted = node(2);
        for (int i = 0; i < 10; i++) {
            assertEquals(200, get(restarted, "/qlik/echo").statusCode());
        }
        assertEquals(2, qlik.sessionsOpened(), "the restarted node opened no session");
    }

    @Test
    void aNodeWhoseDatabaseIsGoneOpensSessionsOnItsOwnAndServes() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean reachable = new java.util.concurrent.atomic.AtomicBoolean(true);
        GatewayUnderTest alone = GatewayUnderTest.start(
                TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ACCESS_PROFILE, "open")
                        .with(SettingKey.SESSION_POOL_SIZE, 2)
                        .build(),
                new DatabaseConnections.Named(
                        () -> {
                            if (!reachable.get()) {
                                throw new SQLException("Connection refused", "08001");
                            }
                            return DriverManager.getConnection(database.jdbcUrl(), PostgresServer.USER, "");
                        },
                        "the test database"));
        nodes.add(alone);
        reachable.set(false);
        for (int i = 0; i < 6; i++) {
            assertEquals(200, get(alone, "/qlik/echo").statusCode(), "visitors are served without the database");
        }
        assertEquals(2, qlik.sessionsOpened(), "the node's own pool, opened once per position");
    }

    @Test
    void whileTheDatabaseIsAwayEachSessionQlikEndsIsReplacedByOneNodeOnly() throws Exception {
        for (int i = 0; i < 3; i++) {
            node(5);
        }
        load(60, "/qlik/echo");
        assertEquals(5, qlik.liveSessions(), "the cluster's pool before the outage");
        await(
                Duration.ofSeconds(25),
                () -> nodes.stream().allMatch(node -> node.gauge("anonkit_cluster_nodes") == 3),
                "every node has read the three nodes from the database");
        database.stopImmediately();
        try {
            // Qlik restarts while the database is away: every pooled cookie is now unknown to it.
            qlik.expireSessions();
            load(150, "/qlik/echo");
            await(() -> qlik.liveSessions() == 5, "five sessions at Qlik, each kept by the node that owns it");
            load(150, "/qlik/echo");
            assertEquals(5, qlik.liveSessions(), "the cluster still holds the pool's size during the outage");
            for (QlikStandIn.Recorded request : qlik.requests()) {
                if (!request.method().equals("DELETE")) {
                    assertEquals(1, request.values("Cookie").size(), request.toString());
                }
            }
        } finally {
            database.startServer();
        }
        // Back: each node records what it kept, the others take it, and every node serves with the same five.
        await(
                Duration.ofSeconds(25),
                () -> nodes.stream().allMatch(node -> pooledOpen(node) == 5),
                "every node holds all five kept sessions again");
        qlik.clear();
        int opened = qlik.sessionsOpened();
        load(90, "/qlik/echo");
        assertEquals(opened, qlik.sessionsOpened(), "no node opened another session: " + qlik.sessionOpenings());
        assertEquals(5, qlik.liveSessions());
        for (QlikStandIn.Recorded request : qlik.requests()) {
            assertTrue(qlik.sessionUser(request.values("Cookie").get(0)) != null, "a live session: " + request);
        }
    }

    private static double pooledOpen(GatewayUnderTest node) {
        return node.gauge("anonkit_qlik_sessions");
    }

    @Test
    void theTableIsReadableOnlyByTheKitsRole() throws Exception {
        node(1);
        assertEquals(200, get(nodes.get(0), "/qlik/echo").statusCode());
        sql("DROP ROLE IF EXISTS reporting");
        sql("CREATE ROLE reporting LOGIN");
        try (Connection other = DriverManager.getConnection(database.jdbcUrl(), "reporting", "");
                Statement select = other.createStatement()) {
            SQLException refused =
                    assertThrows(SQLException.class, () -> select.executeQuery("SELECT cookie FROM anonkit_sessions"));
            assertEquals("42501", refused.getSQLState(), "permission denied: " + refused.getMessage());
        }
    }
}
