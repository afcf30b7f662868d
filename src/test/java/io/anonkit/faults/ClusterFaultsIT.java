package io.anonkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.Eventually;
import io.anonkit.testing.KitEnvironment;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.WebSocketProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: three {@code java -jar} nodes on one PostgreSQL in front of one Qlik stand-in, twelve visitors
 * sending a request every 50 ms through a load balancer played by the test (round robin, moving a request on to the next
 * node when one refuses or breaks the connection, as nginx's {@code proxy_next_upstream error} does for a GET), and each node's readiness
 * probed every 250 ms. Each fault is judged by the visitors' statuses, by readiness per node, and by the Qlik sessions
 * the cluster holds afterwards (at most the pool's size, {@value #POOL}, for the one shared user).
 */
class ClusterFaultsIT {
    private static final int POOL = 5;
    private static final int VISITORS = 12;

    @TempDir
    Path homes;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Nodes the test took out on purpose: the readiness watch no longer asks them. */
    private final java.util.Set<KitProcess> retired = ConcurrentHashMap.newKeySet();

    private final List<KitProcess> nodes = new ArrayList<>();
    private PostgresServer database;
    private QlikStandIn qlik;
    private int qlikPort;

    @BeforeEach
    void startCluster() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        database = PostgresServer.start();
        qlik = QlikStandIn.start();
        qlikPort = qlik.virtualProxy().getPort();
        Map<String, String> environment =
                KitEnvironment.openClusterNode(qlik, database, "ANONKIT_MANAGEMENT_PORT", "0");
        ExecutorService starting = Executors.newFixedThreadPool(3);
        try {
            List<Future<KitProcess>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path home = homes.resolve("node" + i);
                started.add(starting.submit(() -> KitProcess.start(home, environment)));
            }
            for (Future<KitProcess> node : started) {
                nodes.add(node.get(120, TimeUnit.SECONDS));
            }
        } finally {
            starting.shutdownNow();
        }
        for (KitProcess node : nodes) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(node, "qlik/echo").statusCode());
            }
        }
    }

    @AfterEach
    void stopCluster() throws Exception {
        for (KitProcess node : nodes) {
            node.close();
        }
        if (qlik != null) {
            qlik.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private HttpResponse<String> get(KitProcess node, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(node.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDatabaseStoppedWhileQlikEndsEveryPooledSessionFailsNoVisitorAndKeepsThePoolsSize() throws Exception {
        // Each node must know the others before the outage, to know which sessions it replaces alone.
        Eventually.await(Duration.ofSeconds(30), "every node has read the three nodes", () -> {
            for (KitProcess node : nodes) {
                if (node.metric("anonkit_cluster_nodes") != 3) {
                    return false;
                }
            }
            return true;
        });
        try (Visitors visitors = new Visitors();
                Readiness readiness = new Readiness()) {
            Thread.sleep(2000);
            visitors.phase("outage");
            database.stopImmediately();
            Thread.sleep(3000);
            // A Qlik restart while the database is away: every pooled cookie is now unknown to Qlik.
            qlik.expireSessions();
            Thread.sleep(6000);
            database.startServer();
            visitors.phase("after");
            Eventually.await(Duration.ofSeconds(30), "every node's database check up again", () -> {
                for (KitProcess node : nodes) {
                    if (node.metric("anonkit_dependency_up{dependency=\"database\"}") != 1) {
                        return false;
                    }
                }
                return true;
            });
            Thread.sleep(3000);
            visitors.stop();
            report("database stopped 9 s, Qlik's sessions ended 3 s in", visitors, "before", "outage", "after");
            for (String phase : List.of("before", "outage", "after")) {
                assertOnly200(visitors, phase);
            }
            assertEquals(Map.of(), readiness.notReady(), "readiness per node: answers other than 200");
        }
        Eventually.await(Duration.ofSeconds(10), "at most the pool's size at Qlik", () -> qlik.liveSessions() <= POOL);
        assertTrue(qlik.liveSessions() <= POOL, "sessions at Qlik: " + qlik.liveSessions());
    }

    @Test
    void aNodeKilledUnderLoadFailsNoVisitorWhileTheOthersServe() throws Exception {
        KitProcess victim = nodes.get(0);
        try (Visitors visitors = new Visitors();
                Readiness readiness = new Readiness()) {
            Thread.sleep(2000);
            visitors.phase("killed");
            retired.add(victim);
            victim.kill();
            Thread.sleep(5000);
            visitors.stop();
            report("a node killed with SIGKILL", visitors, "before", "killed");
            assertOnly200(visitors, "before");
            assertOnly200(visitors, "killed");
            assertTrue(visitors.movedOn() > 0, "the load balancer moved visitors off the killed node");
            assertEquals(Map.of(), readiness.notReady(), "readiness of the surviving nodes: answers other than 200");
        }
        assertTrue(qlik.liveSessions() <= POOL, "sessions at Qlik: " + qlik.liveSessions());
        for (KitProcess survivor : nodes.subList(1, 3)) {
            assertEquals(200, get(survivor, "qlik/echo").statusCode());
        }
    }

    @Test
    void qlikRestartedUnderOpenTunnelsClosesThemWith4003AndTheClusterServesAgain() throws Exception {
        WebSocketCoreClient client = WebSocketProbe.newClient();
        try (Visitors visitors = new Visitors();
                Readiness readiness = new Readiness()) {
            List<WebSocketProbe> tunnels = new ArrayList<>();
            for (KitProcess node : nodes) {
                for (int i = 0; i < 2; i++) {
                    tunnels.add(tunnel(client, node));
                }
            }
            Thread.sleep(1000);
            visitors.phase("qlik away");
            qlik.close();
            List<Integer> codes = new ArrayList<>();
            for (WebSocketProbe tunnel : tunnels) {
                CloseStatus closed = tunnel.closed().get(30, TimeUnit.SECONDS);
                codes.add(closed.getCode());
            }
            assertEquals(
                    List.of(4003, 4003, 4003, 4003, 4003, 4003), codes, "Qlik's engine terminating, on every node");
            Thread.sleep(2000);
            qlik = QlikStandIn.start(qlikPort);
            visitors.phase("qlik back");
            Eventually.await(Duration.ofSeconds(30), "a visitor served again on every node", () -> {
                for (KitProcess node : nodes) {
                    if (get(node, "qlik/echo").statusCode() != 200) {
                        return false;
                    }
                }
                return true;
            });
            visitors.phase("after");
            Thread.sleep(3000);
            visitors.stop();
            report(
                    "Qlik stopped 2 s and started",
                    visitors,
                    "before",
                    "qlik away",
                    "qlik back",
                    "after",
                    "between phases");
            assertOnly200(visitors, "before");
            assertOnly200(visitors, "after");
            Map<Integer, Integer> away = visitors.statuses("qlik away");
            assertTrue(away.getOrDefault(502, 0) > 0, "the kit's own 502 while Qlik is away: " + away);
            assertTrue(
                    away.keySet().stream().allMatch(status -> status == 200 || status == 502),
                    "answered or the kit's 502, nothing else: " + away);
            assertEquals(Map.of(), readiness.notReady(), "readiness per node: Qlik is every node's, none leaves");
            for (KitProcess node : nodes) {
                WebSocketProbe again = tunnel(client, node);
                again.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}");
                WebSocketProbe.Message answer = again.next(Duration.ofSeconds(10));
                assertTrue(answer != null && answer.text().contains("\"qHandle\":1"), "the app opened: " + answer);
                again.close();
            }
        } finally {
            client.stop();
        }
        assertTrue(qlik.liveSessions() <= POOL, "sessions at the restarted Qlik: " + qlik.liveSessions());
    }

    private static WebSocketProbe tunnel(WebSocketCoreClient client, KitProcess node) throws Exception {
        return WebSocketProbe.connect(
                        client,
                        URI.create("ws://" + node.baseUri().getAuthority() + "/qlik/app/a1"),
                        Map.of("Origin", "https://site.example.com"),
                        List.of(),
                        false)
                .get(30, TimeUnit.SECONDS);
    }

    /** One line of figures per fault, for the record. */
    private void report(String fault, Visitors visitors, String... phases) {
        StringBuilder line = new StringBuilder("fault suite: " + fault + ":");
        for (String phase : phases) {
            line.append(' ').append(phase).append(' ').append(visitors.statuses(phase));
        }
        line.append(", moved on ")
                .append(visitors.movedOn())
                .append(", Qlik sessions ")
                .append(qlik.liveSessions());
        System.out.println(line);
    }

    private static void assertOnly200(Visitors visitors, String phase) {
        Map<Integer, Integer> statuses = visitors.statuses(phase);
        assertTrue(statuses.getOrDefault(200, 0) > 0, phase + ": visitors were served: " + statuses);
        assertEquals(Map.of(200, statuses.get(200)), statuses, phase + ": every visitor request answered 200");
    }

    /**
     * Visitors behind a load balancer, each a request every 50 ms; statuses counted by the phase a request began and
     * ended in (0: no node answered).
     */
    private final class Visitors implements AutoCloseable {
        private final Map<String, Map<Integer, AtomicInteger>> byPhase = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger movedOn = new AtomicInteger();
        private final ExecutorService threads = Executors.newFixedThreadPool(VISITORS);
        private volatile String phase = "before";
        private volatile boolean stopped;

        Visitors() {
            for (int i = 0; i < VISITORS; i++) {
                threads.execute(this::visit);
            }
        }

        void phase(String name) {
            phase = name;
        }

        int movedOn() {
            return movedOn.get();
        }

        Map<Integer, Integer> statuses(String name) {
            Map<Integer, Integer> counts = new TreeMap<>();
            byPhase.getOrDefault(name, Map.of()).forEach((status, count) -> counts.put(status, count.get()));
            return counts;
        }

        private void visit() {
            while (!stopped) {
                String during = phase;
                int start = next.getAndIncrement();
                int status = 0;
                for (int attempt = 0; attempt < nodes.size() && status == 0; attempt++) {
                    KitProcess node = nodes.get(Math.floorMod(start + attempt, nodes.size()));
                    try {
                        status = get(node, "qlik/echo").statusCode();
                    } catch (IOException e) {
                        // Refused, or broken by a node dying under it: the load balancer tries the next node.
                        movedOn.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                // A request that spans a change of phase belongs to neither: it may have met either state.
                String counted = during.equals(phase) ? during : "between phases";
                byPhase.computeIfAbsent(counted, name -> new ConcurrentHashMap<>())
                        .computeIfAbsent(status, code -> new AtomicInteger())
                        .incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** Each running node's {@code /health/ready} every 250 ms; answers other than 200 counted by node and status. */
    private final class Readiness implements AutoCloseable {
        private final Map<String, AtomicInteger> notReady = new ConcurrentHashMap<>();
        private final Thread thread = new Thread(this::probe, "readiness");
        private volatile boolean stopped;

        Readiness() {
            thread.setDaemon(true);
            thread.start();
        }

        private void probe() {
            while (!stopped) {
                for (int i = 0; i < nodes.size(); i++) {
                    KitProcess node = nodes.get(i);
                    if (retired.contains(node)) {
                        continue;
                    }
                    String answer;
                    try {
                        HttpResponse<String> ready = get(node, "health/ready");
                        answer = ready.statusCode() == 200 ? null : ready.statusCode() + " " + ready.body();
                    } catch (IOException e) {
                        // A node retired while the probe was under way is one the test took out.
                        answer = retired.contains(node) ? null : e.getClass().getSimpleName();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (answer != null) {
                        notReady.computeIfAbsent("node" + i + ": " + answer, key -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Map<String, Integer> notReady() {
            Map<String, Integer> counts = new TreeMap<>();
            notReady.forEach((key, count) -> counts.put(key, count.get()));
            return counts;
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(10_000);
        }
    }
}
