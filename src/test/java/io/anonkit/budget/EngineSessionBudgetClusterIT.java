package io.anonkit.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code java -jar} nodes on one PostgreSQL with a budget of 30 engine sessions: the budget holds for the whole
 * cluster, and a node killed with SIGKILL gives its sessions back within the linger plus {@link
 * SharedEngineSessions#HOLD}, not before the linger.
 */
class EngineSessionBudgetClusterIT {
    private static final int BUDGET = 30;
    private static final Duration LINGER = Duration.ofSeconds(5);
    private static final Pattern IDENTITY = Pattern.compile("identity=\"([^\"]+)\"");

    @TempDir
    Path homes;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WebSocketProbe> open = new ArrayList<>();
    private int visitors;

    /** A page view on {@code node} from an address of its own, and the engine WebSocket its identity opens. */
    private String visit(KitProcess node, WebSocketCoreClient client) throws Exception {
        String address = "10.2." + (visitors / 250) + "." + (visitors % 250 + 1);
        visitors++;
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(node.baseUri().resolve("demo.xhtml"))
                        .timeout(Duration.ofSeconds(30))
                        .header("X-Forwarded-For", address)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        Matcher identity = IDENTITY.matcher(page.body());
        String path = "/qlik/app/a1";
        if (identity.find()) {
            path += "/identity/" + identity.group(1);
        } else {
            // The budget was spent when the page was made: it opens the shared view, and says so.
            assertTrue(page.body().contains("data-anonkit-view=\"shared\""), page.body());
        }
        WebSocketProbe probe = WebSocketProbe.connect(
                        client,
                        URI.create("ws://" + node.baseUri().getAuthority() + path),
                        Map.of("Origin", "https://site.example.com", "X-Forwarded-For", address),
                        List.of(),
                        false)
                .get(30, TimeUnit.SECONDS);
        open.add(probe);
        probe.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}");
        WebSocketProbe.Message answer = probe.next(Duration.ofSeconds(10));
        assertTrue(answer != null && answer.text().contains("\"qHandle\":1"), "the app opened: " + answer);
        return probe.handshakeHeaders().get("X-Anonkit-Engine-Session");
    }

    private static double inUse(KitProcess node) throws Exception {
        return node.metric("anonkit_engine_sessions");
    }

    @Test
    void theBudgetHoldsForTheClusterAndAKilledNodeGivesItsSessionsBackWithinTheLingerAndTheHold() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        List<KitProcess> nodes = new ArrayList<>();
        WebSocketCoreClient client = WebSocketProbe.newClient();
        try (PostgresServer database = PostgresServer.start();
                QlikStandIn qlik = QlikStandIn.start()) {
            Map<String, String> environment = Map.of(
                    "ANONKIT_UPSTREAM",
                    qlik.virtualProxy().toString(),
                    "ANONKIT_APP_ID",
                    "a1",
                    "ANONKIT_ALLOWED_APPS",
                    "a1",
                    "ANONKIT_ENGINE_SESSIONS",
                    String.valueOf(BUDGET),
                    "ANONKIT_ENGINE_SESSION_LINGER",
                    LINGER.toSeconds() + "s",
                    "ANONKIT_DATABASE_URL",
                    database.jdbcUrl(),
                    "ANONKIT_DATABASE_USER",
                    PostgresServer.USER,
                    "ANONKIT_TRUSTED_PROXIES",
                    "127.0.0.1",
                    "ANONKIT_MANAGEMENT_PORT",
                    "0");
            for (int i = 0; i < 3; i++) {
                nodes.add(KitProcess.start(homes.resolve("node" + i), environment));
            }
            // 90 page views, round robin: the first 30 get sessions, 10 on each node; the other 60 the shared view.
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3 * BUDGET; i++) {
                answers.add(visit(nodes.get(i % 3), client));
            }
            // The others see the shared view: their page had no identity ("shared"), or the budget filled between
            // their page and their tunnel ("overflow").
            assertEquals(BUDGET, answers.stream().filter("own"::equals).count(), answers.toString());
            assertEquals(
                    2 * BUDGET,
                    answers.stream()
                            .filter(answer -> answer.equals("shared") || answer.equals("overflow"))
                            .count(),
                    answers.toString());
            long identitiesAtQlik = qlik.requests().stream()
                    .map(QlikStandIn.Recorded::pathQuery)
                    .filter(path -> path.startsWith(QlikStandIn.PREFIX + "/app/a1/identity/"))
                    .map(path -> path.replaceFirst("\\?.*", ""))
                    .distinct()
                    .count();
            assertEquals(BUDGET, identitiesAtQlik, "engine sessions at Qlik for the three nodes");
            for (KitProcess node : nodes) {
                assertEquals(BUDGET, inUse(node), "every node counts the cluster's sessions");
            }

            KitProcess victim = nodes.get(0);
            long killed = System.nanoTime();
            victim.kill();
            KitProcess survivor = nodes.get(1);
            assertTrue(!visit(survivor, client).equals("own"), "within the linger the victim's sessions still count");
            long deadline = killed
                    + LINGER.plus(SharedEngineSessions.HOLD).plusSeconds(15).toNanos();
            // The victim's 10 rows expire within a second or two of each other (renewed, or admitted after the last
            // renewal): visitors get them as they come free, each once, until all 10 are taken again.
            int regained = 0;
            double first = -1;
            double last = -1;
            while (regained < BUDGET / 3) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "the victim's sessions were not all given back within the linger, the hold and 15 s: "
                                + regained);
                if (visit(survivor, client).equals("own")) {
                    regained++;
                    last = (System.nanoTime() - killed) / 1e9;
                    first = first < 0 ? last : first;
                } else {
                    Thread.sleep(250);
                }
            }
            assertTrue(first >= LINGER.toSeconds(), "not before the linger: " + first + " s");
            assertTrue(!visit(survivor, client).equals("own"), "no more than the victim's 10");
            assertEquals(BUDGET, inUse(nodes.get(2)));
            double seconds = last;
            System.out.printf(
                    "engine session budget: 3 nodes, budget %d: %d sessions at Qlik for %d page views; a node killed"
                            + " with SIGKILL gave its %d back from %.1f s to %.1f s after the kill (linger %d s, hold"
                            + " %d s)%n",
                    BUDGET,
                    identitiesAtQlik,
                    3 * BUDGET,
                    regained,
                    first,
                    seconds,
                    LINGER.toSeconds(),
                    SharedEngineSessions.HOLD.toSeconds());
        } finally {
            open.forEach(WebSocketProbe::close);
            client.stop();
            for (KitProcess node : nodes) {
                node.close();
            }
        }
    }
}
