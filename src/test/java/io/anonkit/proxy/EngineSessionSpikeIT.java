package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.budget.EngineSessionFigures;
import io.anonkit.metrics.KitMetrics;
import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import io.anonkit.testing.WebSocketProbe;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.Test;

/**
 * A spike of page views against one node with a budget of 50 engine sessions: 500 visitors, each from an address of
 * its own (127.0.x.y), each holding an engine WebSocket with an identity of its own, all open at once. At most 50
 * identities reach Qlik, everyone else shares the app's engine session, every visitor's tunnel works, and no
 * overflowed visitor can select.
 */
class EngineSessionSpikeIT {
    private static final int VIEWS = 500;
    private static final int BUDGET = 50;
    private static final String APP = "a1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String address(int view) {
        return "127.0." + (view / 250) + "." + (view % 250 + 1);
    }

    private static String request(long id, int handle, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"handle\":" + handle + ",\"method\":\"" + method
                + "\",\"params\":" + params + "}";
    }

    /** What one view got: its handshake answer, and whether a selection crossed. */
    private record View(String answer, boolean selected) {}

    @Test
    void fiveHundredViewsFromFiveHundredAddressesCostQlikAtMostFiftySessionsAndTheRestSeeTheSharedView()
            throws Exception {
        // Each client's selector keeps a thread of the shared pool: one per address.
        QueuedThreadPool threads = new QueuedThreadPool(VIEWS + 200, 8);
        threads.setName("spike-clients");
        threads.start();
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("spike-scheduler", true);
        scheduler.start();
        List<WebSocketCoreClient> clients = new ArrayList<>();
        ConcurrentLinkedQueue<WebSocketProbe> open = new ConcurrentLinkedQueue<>();
        try (QlikStandIn qlik = QlikStandIn.start();
                GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ALLOWED_APPS, APP)
                        .with(SettingKey.ENGINE_SESSIONS, BUDGET)
                        .build())) {
            for (int view = 0; view < VIEWS; view++) {
                HttpClient http = new HttpClient();
                http.setExecutor(threads);
                http.setScheduler(scheduler);
                http.setBindAddress(new InetSocketAddress(address(view), 0));
                WebSocketCoreClient client = new WebSocketCoreClient(http, new WebSocketComponents());
                client.start();
                clients.add(client);
            }
            IdentityTokens tokens = IdentityTokens.of(gateway.servletContext());
            ExecutorService visitors = Executors.newFixedThreadPool(32);
            List<Future<View>> views = new ArrayList<>();
            for (int view = 0; view < VIEWS; view++) {
                WebSocketCoreClient client = clients.get(view);
                // Each page view gets an identity of its own, as the Faces tags give it.
                String identity = tokens.issue(SelectionScope.VISITOR);
                views.add(visitors.submit(() -> {
                    WebSocketProbe probe = WebSocketProbe.connect(
                                    client,
                                    URI.create(gateway.webSocketUri() + "/qlik/app/" + APP + "/identity/" + identity),
                                    Map.of("Origin", "https://site.example"),
                                    List.of(),
                                    false,
                                    WAIT)
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    open.add(probe);
                    probe.send(request(1, -1, "OpenDoc", "[\"" + APP + "\"]"));
                    assertTrue(probe.next(WAIT).text().contains("\"qHandle\":1"), "the app opened");
                    probe.send(request(2, 1, "GetObject", "[\"chart-1\"]"));
                    String object = probe.next(WAIT).text();
                    int chart = Integer.parseInt(object.replaceFirst(".*\"qHandle\":(\\d+).*", "$1"));
                    probe.send(request(3, chart, "GetLayout", "[]"));
                    assertTrue(probe.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\""));
                    probe.send(request(4, chart, "SelectHyperCubeValues", "[\"/qHyperCubeDef\",0,[0],false]"));
                    boolean selected = probe.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\"");
                    return new View(probe.handshakeHeaders().get(EngineSessionGate.HEADER), selected);
                }));
            }
            List<View> seen = new ArrayList<>();
            for (Future<View> view : views) {
                seen.add(view.get(2, TimeUnit.MINUTES));
            }
            visitors.shutdown();
            long own = seen.stream().filter(view -> view.answer().equals("own")).count();
            long overflow = seen.stream()
                    .filter(view -> view.answer().equals("overflow"))
                    .count();
            assertEquals(BUDGET, own, "views with an engine session of their own");
            assertEquals(VIEWS - BUDGET, overflow);
            for (View view : seen) {
                assertEquals(view.answer().equals("own"), view.selected(), "only an own session selects: " + view);
            }
            List<String> handshakes = qlik.requests().stream()
                    .map(QlikStandIn.Recorded::pathQuery)
                    .filter(path -> path.startsWith(QlikStandIn.PREFIX + "/app/"))
                    .map(path -> path.replaceFirst("\\?.*", ""))
                    .toList();
            assertEquals(VIEWS, handshakes.size());
            Set<String> sessionsAtQlik = Set.copyOf(handshakes);
            assertEquals(BUDGET + 1, sessionsAtQlik.size(), "50 visitor sessions and the shared one");
            assertTrue(sessionsAtQlik.contains(QlikStandIn.PREFIX + "/app/" + APP));
            EngineSessionFigures figures =
                    KitMetrics.of(gateway.servletContext()).engineSessions();
            assertEquals(new EngineSessionFigures(BUDGET, BUDGET, VIEWS - BUDGET), figures);
        } finally {
            open.forEach(WebSocketProbe::close);
            for (WebSocketCoreClient client : clients) {
                client.stop();
            }
            scheduler.stop();
            threads.stop();
        }
    }
}
