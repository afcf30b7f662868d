package io.anonkit.session.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.Eventually;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code java -jar} nodes on one private PostgreSQL in front of one Qlik stand-in that counts sessions and binds
 * CSRF tokens to them: cookieless visitors spread over the nodes, over HTTP and engine WebSockets, while a node is
 * killed and restarted and Qlik ends a session.
 */
class ClusterSessionsIT {
    private static final int VISITORS = 300;
    private static PostgresServer database;
    private static QlikStandIn qlik;
    private static final List<KitProcess> nodes = new CopyOnWriteArrayList<>();
    private static Map<String, String> environment;
    private static WebSocketCoreClient webSockets;

    @TempDir
    static Path homes;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        database = PostgresServer.start();
        qlik = QlikStandIn.start();
        environment = Map.of(
                "ANONKIT_UPSTREAM",
                qlik.virtualProxy().toString(),
                "ANONKIT_ACCESS_PROFILE",
                "open",
                "ANONKIT_DATABASE_URL",
                database.jdbcUrl(),
                "ANONKIT_DATABASE_USER",
                PostgresServer.USER,
                // The visitors come through a load balancer that names each one, as in production.
                "ANONKIT_TRUSTED_PROXIES",
                "127.0.0.1",
                // Its metrics say when a node took another node's replacement.
                "ANONKIT_MANAGEMENT_PORT",
                "0");
        for (int i = 0; i < 3; i++) {
            nodes.add(KitProcess.start(homes.resolve("node" + i), environment));
        }
        webSockets = WebSocketProbe.newClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (webSockets != null) {
            webSockets.stop();
        }
        for (KitProcess node : nodes) {
            node.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {qlik, database}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @BeforeEach
    void warmUp() throws Exception {
        // Every node holds every session before the measured load, so that a later change is the only cause of
        // openings.
        for (KitProcess node : nodes) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(node, "qlik/echo").statusCode());
            }
        }
        assertTrue(qlik.liveSessions() <= 5, "live sessions: " + qlik.liveSessions());
    }

    private HttpResponse<String> get(KitProcess node, String path) throws Exception {
        return get(node, path, "10.0.0.1");
    }

    private HttpResponse<String> get(KitProcess node, String path, String visitorAddress) throws Exception {
        return http.send(
                HttpRequest.newBuilder(node.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("X-Forwarded-For", visitorAddress)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** How many cookies {@code node} took from another node's record, from its management port's metrics. */
    private double adoptions(KitProcess node) throws Exception {
        return node.metric("anonkit_qlik_session_adoptions_total");
    }

    private static String address(int visitor) {
        return "10.1." + (visitor / 250) + "." + (visitor % 250 + 1);
    }

    /** One cookieless visitor on {@code node}: a page request, then an engine WebSocket that opens the app. */
    private void visit(KitProcess node, int visitor) throws Exception {
        HttpResponse<String> page = get(node, "qlik/hang?ms=10", address(visitor));
        if (page.statusCode() != 200) {
            throw new AssertionError("HTTP " + page.statusCode() + " from " + node.baseUri());
        }
        URI engine = URI.create("ws://" + node.baseUri().getAuthority() + "/qlik/app/a1/identity/v" + visitor
                + "?xrfkey=0123456789abcdef&qlik-csrf-token=the-visitors-own");
        try (WebSocketProbe probe = WebSocketProbe.connect(
                        webSockets,
                        engine,
                        Map.of("Origin", "https://site.example.com", "X-Forwarded-For", address(visitor)),
                        List.of(),
                        false)
                .get(30, TimeUnit.SECONDS)) {
            probe.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}");
            WebSocketProbe.Message answer = probe.next(Duration.ofSeconds(10));
            if (answer == null || !answer.text().contains("\"qType\":\"Doc\"")) {
                throw new AssertionError("no OpenDoc answer from " + node.baseUri() + ": " + answer);
            }
        }
    }

    /** Failures of visitors by the node they used. */
    private record Outcome(List<String> failures, int served) {}

    /**
     * {@code count} visitors spread over the live nodes, 48 at a time; {@code during} runs once a third of them are
     * done. A visitor whose node was taken out of the rotation while it was under way is not counted.
     */
    private Outcome load(int count, List<KitProcess> rotation, Runnable during) throws Exception {
        ExecutorService visitors = Executors.newFixedThreadPool(48);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int visitor = i;
                all.add(visitors.submit(() -> {
                    KitProcess node = rotation.get(visitor % rotation.size());
                    try {
                        visit(node, visitor);
                        served.incrementAndGet();
                    } catch (Exception | AssertionError e) {
                        if (rotation.contains(node)) {
                            failures.add(node.baseUri() + ": " + e);
                        }
                    }
                    if (done.incrementAndGet() == count / 3) {
                        during.run();
                    }
                }));
            }
            for (Future<?> one : all) {
                one.get(5, TimeUnit.MINUTES);
            }
        } finally {
            visitors.shutdownNow();
        }
        return new Outcome(List.copyOf(failures), served.get());
    }

    /** Every handshake since the last {@code qlik.clear()} carried its session's token, and Qlik refused none since {@code refusalsBefore}. */
    private void assertEveryHandshakeCarriedTheTokenOfItsSession(int refusalsBefore) {
        List<QlikStandIn.Recorded> handshakes = qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith("/hdr/app/"))
                .toList();
        assertTrue(handshakes.size() > 0);
        for (QlikStandIn.Recorded handshake : handshakes) {
            String cookie = handshake.values("Cookie").get(0).trim();
            assertTrue(
                    handshake.pathQuery().endsWith("&qlik-csrf-token=" + qlik.csrfTokenOf(cookie)),
                    handshake.toString());
        }
        // The other test ends a session, whose token Qlik then refuses once (the kit retries): count from this test's
        // start.
        assertEquals(refusalsBefore, qlik.csrfRefusals(), "CSRF tokens Qlik refused");
    }

    @Test
    void threeNodesServeThreeHundredVisitorsWithFiveSessionsAndLoseOneNodeWithoutAFailure() throws Exception {
        qlik.clear();
        int refusalsBefore = qlik.csrfRefusals();
        int openedBefore = qlik.sessionsOpened();
        List<KitProcess> rotation = new CopyOnWriteArrayList<>(nodes);
        Outcome steady = load(VISITORS, rotation, () -> {});
        assertEquals(List.of(), steady.failures());
        assertEquals(VISITORS, steady.served());
        assertTrue(qlik.liveSessions() <= 5, "live sessions: " + qlik.liveSessions());
        assertEquals(openedBefore, qlik.sessionsOpened(), "the warm-up opened every session the load needed");
        assertEveryHandshakeCarriedTheTokenOfItsSession(refusalsBefore);
        System.out.printf(
                "cluster: %d visitors (HTTP and engine WebSocket) on 3 nodes opened %d Qlik sessions; %d live%n",
                VISITORS, qlik.sessionsOpened() - openedBefore, qlik.liveSessions());

        KitProcess victim = nodes.get(2);
        Outcome withLoss = load(VISITORS, rotation, () -> {
            // As a load balancer's health check would: out of the rotation, then gone without a shutdown.
            rotation.remove(victim);
            try {
                victim.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(!victim.isAlive());
        assertEquals(List.of(), withLoss.failures(), "the surviving nodes failed no visitor");
        assertTrue(qlik.liveSessions() <= 5, "live sessions: " + qlik.liveSessions());
        assertEquals(openedBefore, qlik.sessionsOpened(), "the loss of a node opened no session");
        System.out.printf(
                "cluster: node killed after %d of %d visitors; the other two served the rest with %d failures;"
                        + " %d live sessions%n",
                VISITORS / 3, VISITORS, withLoss.failures().size(), qlik.liveSessions());

        KitProcess restarted = KitProcess.start(homes.resolve("node2-again"), environment);
        nodes.set(2, restarted);
        rotation.add(restarted);
        Outcome afterRestart = load(60, List.of(restarted), () -> {});
        assertEquals(List.of(), afterRestart.failures());
        assertEquals(openedBefore, qlik.sessionsOpened(), "the restarted node opened no session: it took the table's");
        assertEveryHandshakeCarriedTheTokenOfItsSession(refusalsBefore);
    }

    @Test
    void aSessionQlikEndsDuringTheLoadIsReplacedOnceForTheCluster() throws Exception {
        qlik.clear();
        int openedBefore = qlik.sessionsOpened();
        int logoutsBefore = qlik.logouts();
        List<Double> adopted = new ArrayList<>();
        for (KitProcess node : nodes) {
            adopted.add(adoptions(node));
        }
        Outcome outcome = load(VISITORS, new ArrayList<>(nodes), () -> assertTrue(qlik.expireOneSession()));
        assertEquals(List.of(), outcome.failures(), "no visitor saw the expiry");
        Eventually.await(Duration.ofSeconds(10), "the surplus replacements logged out", () -> qlik.liveSessions() <= 5);
        int opened = qlik.sessionsOpened() - openedBefore;
        int loggedOut = qlik.logouts() - logoutsBefore;
        System.out.printf(
                "cluster: one session ended under load; Qlik opened %d for requests under way with its cookie,"
                        + " the nodes kept 1 and logged %d out; %d live%n",
                opened, loggedOut, qlik.liveSessions());
        assertTrue(opened >= 1);
        assertEquals(opened - 1, loggedOut, "one replacement kept for the cluster, every other one logged out");
        assertEquals(5, qlik.liveSessions());
        // Every node but the one whose replacement was kept took that one from the table, and uses it from now on.
        Eventually.await(Duration.ofSeconds(10), "every node but one took the kept replacement", () -> {
            int took = 0;
            for (int i = 0; i < nodes.size(); i++) {
                took += adoptions(nodes.get(i)) > adopted.get(i) ? 1 : 0;
            }
            return took >= nodes.size() - 1;
        });
        int kept = qlik.sessionsOpened();
        qlik.clear();
        for (KitProcess node : nodes) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(node, "qlik/echo").statusCode());
            }
        }
        assertEquals(kept, qlik.sessionsOpened());
        for (QlikStandIn.Recorded request : qlik.requests()) {
            assertTrue(qlik.sessionUser(request.values("Cookie").get(0).trim()) != null, "a live session: " + request);
        }
    }
}
