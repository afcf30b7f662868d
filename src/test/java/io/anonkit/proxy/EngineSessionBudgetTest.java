package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.budget.EngineSessionFigures;
import io.anonkit.metrics.KitMetrics;
import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.Eventually;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine session budget through the real gateway, tunnel and firewall, against the stand-in's engine: what reaches
 * Qlik (an identity or none), what the visitor's handshake answer says, and what an overflowed visitor may do.
 */
class EngineSessionBudgetTest {
    private static final String APP = "a1";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private QlikStandIn qlik;
    private GatewayUnderTest gateway;
    private WebSocketCoreClient client;
    private final List<WebSocketProbe> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(settings(3, "0s").build());
        client = WebSocketProbe.newClient();
    }

    @AfterEach
    void stop() throws Exception {
        open.forEach(WebSocketProbe::close);
        client.stop();
        gateway.close();
        qlik.close();
    }

    private TestSettings settings(int budget, String linger) {
        return TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ALLOWED_APPS, APP)
                .with(SettingKey.ENGINE_SESSIONS, budget)
                .with(SettingKey.ENGINE_SESSION_LINGER, linger);
    }

    private String identity() {
        return IdentityTokens.of(gateway.servletContext()).issue(SelectionScope.VISITOR);
    }

    /** A visitor's tunnel to the app with {@code token}, the app opened. */
    private WebSocketProbe tunnel(String token) throws Exception {
        WebSocketProbe probe = WebSocketProbe.connect(
                        client,
                        URI.create(gateway.webSocketUri() + "/qlik/app/" + APP + "/identity/" + token),
                        Map.of("Origin", "https://site.example"),
                        List.of(),
                        false)
                .get(10, TimeUnit.SECONDS);
        open.add(probe);
        probe.send(request(1, -1, "OpenDoc", "[\"" + APP + "\"]"));
        assertTrue(probe.next(WAIT).text().contains("\"qHandle\":1"), "the app opened");
        return probe;
    }

    private static String request(long id, int handle, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"handle\":" + handle + ",\"method\":\"" + method
                + "\",\"params\":" + params + "}";
    }

    private static String answerOf(WebSocketProbe probe) {
        return probe.handshakeHeaders().get(EngineSessionGate.HEADER);
    }

    /** The engine WebSocket paths that reached the stand-in, in order. */
    private List<String> handshakesAtQlik() {
        return qlik.requests().stream()
                .map(QlikStandIn.Recorded::pathQuery)
                .filter(path -> path.startsWith(QlikStandIn.PREFIX + "/app/"))
                .map(path -> path.replaceFirst("\\?.*", ""))
                .toList();
    }

    private EngineSessionFigures figures() {
        return KitMetrics.of(gateway.servletContext()).engineSessions();
    }

    /** Whether {@code probe} may select: an own session answers, the shared one is refused by the firewall. */
    private static boolean maySelect(WebSocketProbe probe, long id) throws Exception {
        probe.send(request(id, 1, "GetObject", "[\"chart-1\"]"));
        int chart = Integer.parseInt(probe.next(WAIT).text().replaceFirst(".*\"qHandle\":(\\d+).*", "$1"));
        probe.send(request(id + 1, chart, "SelectHyperCubeValues", "[\"/qHyperCubeDef\",0,[0],false]"));
        String answer = probe.next(WAIT).text();
        return answer.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + (id + 1) + ",\"result\"");
    }

    @Test
    void withinTheBudgetEachVisitorKeepsItsIdentityAndBeyondItGetsTheSharedReadOnlyView() throws Exception {
        List<WebSocketProbe> visitors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visitors.add(tunnel(identity()));
        }
        List<String> answers =
                visitors.stream().map(EngineSessionBudgetTest::answerOf).toList();
        assertEquals(List.of("own", "own", "own", "overflow", "overflow"), answers);
        List<String> atQlik = handshakesAtQlik();
        assertEquals(5, atQlik.size(), atQlik.toString());
        for (int i = 0; i < 5; i++) {
            boolean own = i < 3;
            assertEquals(
                    own, atQlik.get(i).startsWith(QlikStandIn.PREFIX + "/app/" + APP + "/identity/"), atQlik.get(i));
            assertEquals(own, !atQlik.get(i).equals(QlikStandIn.PREFIX + "/app/" + APP), atQlik.get(i));
        }
        assertTrue(maySelect(visitors.get(0), 10), "a visitor with its own session selects");
        assertTrue(!maySelect(visitors.get(4), 20), "an overflowed visitor cannot change the shared session");
        assertEquals(new EngineSessionFigures(3, 3, 2), figures());
        assertEquals(2.0, gateway.counter("anonkit_engine_session_overflows"));
    }

    @Test
    void aSecondTunnelOfTheSameVisitorJoinsItsSessionWithoutCountingAgain() throws Exception {
        String visitor = identity();
        tunnel(visitor);
        WebSocketProbe secondTab = tunnel(visitor);
        assertEquals("own", answerOf(secondTab));
        tunnel(identity());
        tunnel(identity());
        assertEquals("overflow", answerOf(tunnel(identity())));
        assertEquals(3, figures().inUse());
    }

    @Test
    void aSessionIsGivenBackWhenItsLastTunnelClosesAndTheNextVisitorGetsOne() throws Exception {
        String first = identity();
        WebSocketProbe tab = tunnel(first);
        WebSocketProbe otherTab = tunnel(first);
        tunnel(identity());
        tunnel(identity());
        assertEquals("overflow", answerOf(tunnel(identity())));
        tab.close();
        // One tab of the first visitor is still open: its session still counts.
        Thread.sleep(200);
        assertEquals("overflow", answerOf(tunnel(identity())));
        otherTab.close();
        Eventually.await(WAIT, "the session given back", () -> figures().inUse() == 2);
        assertEquals("own", answerOf(tunnel(identity())));
    }

    @Test
    void aSessionCountsForItsLingerAfterItsLastTunnelAndItsVisitorMayComeBackToIt() throws Exception {
        gateway.store().replace(settings(1, "3s").build());
        String visitor = identity();
        WebSocketProbe probe = tunnel(visitor);
        probe.close();
        Eventually.await(WAIT, "the tunnel ended", () -> gateway.counter("anonkit_engine_tunnels_closed") >= 1);
        assertEquals("overflow", answerOf(tunnel(identity())), "within the linger the session still counts");
        assertEquals("own", answerOf(tunnel(visitor)), "its visitor comes back to it");
        open.get(open.size() - 1).close();
        Eventually.await(
                Duration.ofSeconds(15), "the linger over", () -> figures().inUse() == 0);
        assertEquals("own", answerOf(tunnel(identity())));
    }

    @Test
    void aChangeOfTheBudgetAppliesToTheNextTunnel() throws Exception {
        gateway.store().replace(settings(1, "0s").build());
        tunnel(identity());
        assertEquals("overflow", answerOf(tunnel(identity())));
        gateway.store().replace(settings(2, "0s").build());
        assertEquals("own", answerOf(tunnel(identity())));
        gateway.store().replace(settings(0, "0s").build());
        assertEquals("overflow", answerOf(tunnel(identity())), "0: everyone gets the shared view");
        assertEquals(0, figures().budget());
        assertEquals(2, figures().inUse(), "sessions already held are kept");
    }

    @Test
    void aTunnelWithoutAnIdentityIsTheSharedViewAndCountsNothing() throws Exception {
        WebSocketProbe shared = WebSocketProbe.connect(
                        client,
                        URI.create(gateway.webSocketUri() + "/qlik/app/" + APP),
                        Map.of("Origin", "https://site.example"),
                        List.of(),
                        false)
                .get(10, TimeUnit.SECONDS);
        open.add(shared);
        assertEquals("shared", answerOf(shared));
        assertEquals(0, figures().inUse());
    }
}
