package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 engine tunnels open at once through the packaged kit with a 128 MiB heap: every tunnel echoes, the kit stays
 * healthy, and Qlik sees at most 5 proxy sessions. It also prints, as a benchmark (nothing here is asserted on time),
 * the echo round trip through the kit and direct, at 1 and at 1,000 open tunnels, and the kit's heap per open tunnel;
 * and the same round trip at 1,000 tunnels with the engine firewall on.
 */
class TunnelScaleIT {
    private static final int TUNNELS = 1000;
    private static final int ROUND_TRIPS = 2000;
    /** Enough round trips for the JIT to compile the relay's hot path before anything is measured. */
    private static final int WARM_UP_ROUND_TRIPS = 20_000;
    /** A chart's layout request, as enigma.js sends it; the open profile's echo and the stand-in's engine answer it. */
    private static final String LAYOUT_REQUEST =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetLayout\",\"handle\":1,\"params\":[]}";
    /** The app's layout, which the engine firewall lets cross on the app's handle. */
    private static final String APP_LAYOUT_REQUEST =
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"delta\":true," + "\"method\":\"GetAppLayout\",\"handle\":1,\"params\":[]}";

    @Test
    void thousandConcurrentTunnelsWithABoundedHeap(@TempDir Path home) throws Exception {
        WebSocketCoreClient client = client();
        try (QlikStandIn qlik = QlikStandIn.start();
                // The relay's own cost: without the engine firewall, whose messages must be JSON-RPC.
                KitProcess kit = kit(home, qlik, Map.of("ANONKIT_ACCESS_PROFILE", "open"))) {
            URI direct = URI.create(qlik.virtualProxy().toString().replaceFirst("^http", "ws") + "/app/a1");
            URI through = URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1");
            String directOne = roundTrips(client, direct, 1);
            int directSessions = qlik.sessionsOpened();
            String kitOne = roundTrips(client, through, 1);
            long before = io.anonkit.testing.JvmHeap.usedAfterGc(kit.pid());
            List<WebSocketProbe> open = openAll(client, through, TUNNELS);
            long after = io.anonkit.testing.JvmHeap.usedAfterGc(kit.pid());
            try {
                for (WebSocketProbe probe : open) {
                    probe.send("hello");
                }
                for (WebSocketProbe probe : open) {
                    assertEquals("hello", probe.next(Duration.ofSeconds(30)).text());
                }
                assertEquals(TUNNELS, qlik.webSockets().open(), "every tunnel has its upstream side");
                int kitSessions = qlik.sessionsOpened() - directSessions;
                assertTrue(kitSessions <= 5, "sessions the kit opened: " + kitSessions);
                String kitMany = latency(open);
                assertTrue(kit.isAlive(), "the kit survives " + TUNNELS + " tunnels with a 128 MiB heap");
                System.out.printf(
                        "tunnel benchmark: %d open tunnels used %,d bytes of the kit's heap after GC, %,d bytes per tunnel%n",
                        TUNNELS, after - before, (after - before) / TUNNELS);
                System.out.println("tunnel benchmark: echo round trip, 1 tunnel, direct " + directOne);
                System.out.println("tunnel benchmark: echo round trip, 1 tunnel, kit    " + kitOne);
                System.out.println("tunnel benchmark: echo round trip, " + TUNNELS + " tunnels, kit    " + kitMany);
            } finally {
                open.forEach(WebSocketProbe::close);
            }
            List<WebSocketProbe> directOpen = openAll(client, direct, TUNNELS);
            try {
                System.out.println(
                        "tunnel benchmark: echo round trip, " + TUNNELS + " tunnels, direct " + latency(directOpen));
            } finally {
                directOpen.forEach(WebSocketProbe::close);
            }
        } finally {
            client.stop();
        }
    }

    private static WebSocketCoreClient client() throws Exception {
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(4 * TUNNELS);
        WebSocketCoreClient client = new WebSocketCoreClient(http, new WebSocketComponents());
        client.start();
        return client;
    }

    /** The packaged kit with a 128 MiB heap in front of {@code qlik}; one client opens every tunnel, so its limits are lifted. */
    private static KitProcess kit(Path home, QlikStandIn qlik, Map<String, String> settings) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "ANONKIT_UPSTREAM",
                qlik.virtualProxy().toString(),
                "ANONKIT_TUNNELS_PER_CLIENT",
                "100000",
                "ANONKIT_TUNNELS_PER_MINUTE",
                "100000",
                "ANONKIT_REQUESTS_PER_SECOND",
                "100000",
                "ANONKIT_REQUEST_BURST",
                "100000"));
        environment.putAll(settings);
        return KitProcess.start(home, environment, "-Xmx128m");
    }

    private static List<WebSocketProbe> openAll(WebSocketCoreClient client, URI uri, int count) throws Exception {
        return WebSocketProbe.connectAll(client, uri, count, Duration.ofSeconds(120));
    }

    private static String roundTrips(WebSocketCoreClient client, URI uri, int tunnels) throws Exception {
        List<WebSocketProbe> open = openAll(client, uri, tunnels);
        try {
            return latency(open);
        } finally {
            open.forEach(WebSocketProbe::close);
        }
    }

    /** p50 and p99 of sequential echo round trips spread over the open tunnels, after a warm-up. */
    private static String latency(List<WebSocketProbe> open) throws Exception {
        return latency(open, LAYOUT_REQUEST);
    }

    private static String latency(List<WebSocketProbe> open, String request) throws Exception {
        for (int i = 0; i < WARM_UP_ROUND_TRIPS; i++) {
            echo(open.get(i % open.size()), request);
        }
        long[] nanos = new long[ROUND_TRIPS];
        for (int i = 0; i < ROUND_TRIPS; i++) {
            nanos[i] = echo(open.get((i * 7919) % open.size()), request);
        }
        Arrays.sort(nanos);
        return String.format(
                "p50 %.3f ms, p99 %.3f ms", nanos[ROUND_TRIPS / 2] / 1e6, nanos[ROUND_TRIPS * 99 / 100] / 1e6);
    }

    private static long echo(WebSocketProbe probe, String request) throws Exception {
        long start = System.nanoTime();
        probe.send(request);
        probe.next(Duration.ofSeconds(30));
        return System.nanoTime() - start;
    }

    /**
     * The same round trips with the engine firewall on (the default embed profile): each of the 1,000 tunnels opens its
     * app, then reads the app's layout, which the firewall parses, judges and re-serialises, and whose answer it reads.
     * Printed next to the open profile's figures of {@link #thousandConcurrentTunnelsWithABoundedHeap}.
     */
    @Test
    void theEngineFirewallsCostAtAThousandTunnels(@TempDir Path home) throws Exception {
        WebSocketCoreClient client = client();
        try (QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = kit(
                        home,
                        qlik,
                        Map.of(
                                "ANONKIT_ALLOWED_APPS",
                                "a1",
                                "ANONKIT_ENGINE_MESSAGES_PER_SECOND",
                                "1000000",
                                "ANONKIT_ENGINE_MESSAGE_BURST",
                                "1000000"))) {
            URI through = URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1");
            List<WebSocketProbe> open = openAll(client, through, TUNNELS);
            try {
                for (WebSocketProbe probe : open) {
                    probe.send(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}");
                }
                for (WebSocketProbe probe : open) {
                    assertTrue(
                            probe.next(Duration.ofSeconds(30)).text().contains("\"qType\":\"Doc\""), "the app opened");
                }
                String inspected = latency(open, APP_LAYOUT_REQUEST);
                assertTrue(kit.isAlive(), "the kit survives " + TUNNELS + " inspected tunnels with a 128 MiB heap");
                assertTrue(
                        qlik.webSockets().engine().received().stream()
                                .noneMatch(r -> !r.method().equals("OpenDoc")
                                        && !r.method().equals("GetAppLayout")),
                        "only what was sent reached the engine");
                System.out.println("tunnel benchmark: request round trip, " + TUNNELS + " tunnels, kit with the engine"
                        + " firewall " + inspected);
            } finally {
                open.forEach(WebSocketProbe::close);
            }
        } finally {
            client.stop();
        }
    }
}
