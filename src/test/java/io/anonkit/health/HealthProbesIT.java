package io.anonkit.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void readyFollowsTheUpstreamAndLiveOnlyTheProcess() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        QlikStandIn qlik = QlikStandIn.start(port);
        try (KitProcess kit = KitProcess.start(
                home, Map.of("ANONKIT_UPSTREAM", qlik.virtualProxy().toString()))) {
            HttpResponse<String> ready = get(kit, "health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("{\"status\":\"UP\",\"checks\":{\"settings\":true,\"upstream\":true}}", ready.body());
            assertEquals(
                    "application/json;charset=utf-8",
                    ready.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
            assertEquals("no-store", ready.headers().firstValue("Cache-Control").orElseThrow());

            qlik.close();
            // A result is reused for five seconds: the probe turns within that and a little more.
            io.anonkit.testing.Eventually.await(
                    UpstreamProbe.MAX_AGE.plusSeconds(5),
                    "not ready once Qlik is gone",
                    () -> get(kit, "health/ready").statusCode() == 503);
            HttpResponse<String> notReady = get(kit, "health/ready");
            assertEquals(503, notReady.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"settings\":true,\"upstream\":false}}", notReady.body());
            HttpResponse<String> live = get(kit, "health/live");
            assertEquals(200, live.statusCode());
            assertEquals("{\"status\":\"UP\"}", live.body());
            assertEquals(200, get(kit, "health").statusCode(), "/health stays as it was: up while the kit serves");
            assertEquals(404, get(kit, "health/other").statusCode());

            qlik = QlikStandIn.start(port);
            io.anonkit.testing.Eventually.await(
                    UpstreamProbe.MAX_AGE.plusSeconds(5),
                    "ready again once Qlik is back",
                    () -> get(kit, "health/ready").statusCode() == 200);
        } finally {
            qlik.close();
        }
    }
}
