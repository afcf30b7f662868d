package io.anonkit.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health/live} and {@code /health/ready} of {@code java -jar}, as an orchestrator's probes see them. */
class HealthProbesIT {
    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(KitProcess kit, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(kit.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyStaysWhileQlikIsAwayAndTheDependenciesProbeFollowsIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        QlikStandIn qlik = QlikStandIn.start(port);
        try (KitProcess kit = KitProcess.start(
                home, Map.of("ANONKIT_UPSTREAM", qlik.virtualProxy().toString(), "ANONKIT_MANAGEMENT_PORT", "0"))) {
            HttpResponse<String> ready = get(kit, "health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals(
                    "{\"status\":\"UP\",\"checks\":{\"settings\":true,\"running\":true,\"tunnels\":true,\"threads\":true},"
                            + "\"dependencies\":{\"upstream\":true}}",
                    ready.body());
            assertEquals(
                    "application/json;charset=utf-8",
                    ready.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
            assertEquals("no-store", ready.headers().firstValue("Cache-Control").orElseThrow());
            assertEquals(
                    "{\"status\":\"UP\",\"checks\":{\"upstream\":true}}",
                    get(kit, "health/dependencies").body());
            assertEquals(1.0, kit.metric("anonkit_dependency_up{dependency=\"upstream\"}"));

            qlik.close();
            // A result is reused for five seconds: the probe turns within that and a little more.
            io.anonkit.testing.Eventually.await(
                    UpstreamProbe.MAX_AGE.plusSeconds(5),
                    "the dependencies probe down once Qlik is gone",
                    () -> get(kit, "health/dependencies").statusCode() == 503);
            assertEquals(
                    "{\"status\":\"DOWN\",\"checks\":{\"upstream\":false}}",
                    get(kit, "health/dependencies").body());
            HttpResponse<String> stillReady = get(kit, "health/ready");
            assertEquals(200, stillReady.statusCode(), "Qlik is every node's: this node stays in rotation");
            assertEquals(
                    "{\"status\":\"UP\",\"checks\":{\"settings\":true,\"running\":true,\"tunnels\":true,\"threads\":true},"
                            + "\"dependencies\":{\"upstream\":false}}",
                    stillReady.body());
            assertEquals(0.0, kit.metric("anonkit_dependency_up{dependency=\"upstream\"}"));
            assertEquals(502, get(kit, "qlik/resources/hub.js").statusCode(), "visitors get the kit's precise answer");
            HttpResponse<String> live = get(kit, "health/live");
            assertEquals(200, live.statusCode());
            assertEquals("{\"status\":\"UP\"}", live.body());
            assertEquals(200, get(kit, "health").statusCode(), "/health stays as it was: up while the kit serves");
            assertEquals(404, get(kit, "health/other").statusCode());

            qlik = QlikStandIn.start(port);
            io.anonkit.testing.Eventually.await(
                    UpstreamProbe.MAX_AGE.plusSeconds(5),
                    "the dependencies probe up again once Qlik is back",
                    () -> get(kit, "health/dependencies").statusCode() == 200);
        } finally {
            qlik.close();
        }
    }

    @Test
    void aNodeFullOfTunnelsLeavesTheRotationUntilTheyEnd() throws Exception {
        try (QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = openKit(qlik, "ANONKIT_MAX_TUNNELS", "2")) {
            org.eclipse.jetty.websocket.core.client.WebSocketCoreClient client =
                    io.anonkit.testing.WebSocketProbe.newClient();
            try {
                io.anonkit.testing.WebSocketProbe one = tunnel(client, kit);
                assertEquals(200, get(kit, "health/ready").statusCode(), "one of two: room left");
                io.anonkit.testing.WebSocketProbe two = tunnel(client, kit);
                HttpResponse<String> full = get(kit, "health/ready");
                assertEquals(503, full.statusCode(), full.body());
                assertEquals(
                        "{\"status\":\"DOWN\",\"checks\":{\"settings\":true,\"running\":true,\"tunnels\":false,\"threads\":true},"
                                + "\"dependencies\":{\"upstream\":true}}",
                        full.body());
                two.close();
                one.close();
                io.anonkit.testing.Eventually.await(
                        java.time.Duration.ofSeconds(10),
                        "ready again once the tunnels ended",
                        () -> get(kit, "health/ready").statusCode() == 200);
            } finally {
                client.stop();
            }
        }
    }

    @Test
    void aStoppingNodeLeavesTheRotationFirstThenSendsItsTunnelsElsewhere() throws Exception {
        try (QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = openKit(qlik, "ANONKIT_SHUTDOWN_DRAIN", "6s")) {
            org.eclipse.jetty.websocket.core.client.WebSocketCoreClient client =
                    io.anonkit.testing.WebSocketProbe.newClient();
            try {
                io.anonkit.testing.WebSocketProbe open = tunnel(client, kit);
                assertEquals(200, get(kit, "health/ready").statusCode());
                long asked = System.nanoTime();
                kit.terminate();
                io.anonkit.testing.Eventually.await(
                        java.time.Duration.ofSeconds(5),
                        "unready once told to stop",
                        () -> get(kit, "health/ready").statusCode() == 503);
                HttpResponse<String> stopping = get(kit, "health/ready");
                assertTrue(stopping.body().contains("\"running\":false"), stopping.body());
                assertEquals(200, get(kit, "qlik/echo").statusCode(), "the node still serves while it drains");
                assertEquals(200, get(kit, "health/live").statusCode(), "and is alive: no restart wanted");
                assertTrue(
                        System.nanoTime() - asked
                                < java.time.Duration.ofSeconds(6).toNanos(),
                        "the checks above ran within the drain");
                org.eclipse.jetty.websocket.core.CloseStatus closed =
                        open.closed().get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(
                        4003, closed.getCode(), "Qlik's engine terminating, which @qlik/api resumes from: " + closed);
                assertTrue(
                        System.nanoTime() - asked
                                >= java.time.Duration.ofSeconds(6).toNanos(),
                        "the tunnel stayed open for the whole drain");
                assertTrue(kit.awaitExit(java.time.Duration.ofSeconds(20)), "the kit ended after its drain");
            } finally {
                client.stop();
            }
        }
    }

    /** The kit in front of {@code qlik} in the open profile, with one more setting. */
    private KitProcess openKit(QlikStandIn qlik, String setting, String value) throws Exception {
        return KitProcess.start(
                home,
                Map.of(
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_ACCESS_PROFILE",
                        "open",
                        setting,
                        value));
    }

    private static io.anonkit.testing.WebSocketProbe tunnel(
            org.eclipse.jetty.websocket.core.client.WebSocketCoreClient client, KitProcess kit) throws Exception {
        return io.anonkit.testing.WebSocketProbe.connect(
                        client,
                        java.net.URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1"),
                        Map.of("Origin", "https://site.example.com"),
                        java.util.List.of(),
                        false)
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
