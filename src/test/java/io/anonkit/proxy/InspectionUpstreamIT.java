package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.WebSocketProbe;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ANONKIT_UPSTREAM=inspect:}: the README's first command shows the kit's job without a Qlik server. */
class InspectionUpstreamIT {
    @TempDir
    Path home;

    private static List<String> values(JsonObject answer, String name) {
        return answer.getJsonArray("headers").stream()
                .map(JsonValue::asJsonObject)
                .filter(h -> h.getString("name").equalsIgnoreCase(name))
                .map(h -> h.getString("value"))
                .toList();
    }

    private static void assertOnlyTheKitsIdentity(JsonObject answer) {
        assertTrue(answer.getString("notQlik").contains("This is not Qlik"), answer.toString());
        assertEquals(List.of("anonymous"), values(answer, "hdr-usr"), answer.toString());
        assertEquals(List.of(), values(answer, "X_Qlik_User"));
        assertEquals(List.of(), values(answer, "X-Qlik-User"));
        assertTrue(
                answer.getJsonArray("headers").stream()
                        .map(JsonValue::asJsonObject)
                        .noneMatch(h -> h.getString("value").contains("sa_repository")
                                || h.getString("value").contains("root")),
                answer.toString());
    }

    @Test
    void theKitAnswersWithWhatItWouldSendToQlik() throws Exception {
        try (KitProcess kit =
                KitProcess.start(home, Map.of("ANONKIT_UPSTREAM", "inspect:", "ANONKIT_ALLOWED_APPS", "a1"))) {
            assertTrue(kit.output().contains("inspect: the kit answers /qlik/ itself"), kit.output());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(kit.baseUri().resolve("qlik/resources/hub.js?x=1"))
                            .header("hdr-usr", "root")
                            .header("X_Qlik_User", "UserDirectory=INTERNAL; UserId=sa_repository")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertEquals(
                    "not Qlik",
                    page.headers().firstValue("X-Anonkit-Inspection").orElseThrow());
            JsonObject answer = Json.createReader(new StringReader(page.body())).readObject();
            assertEquals("GET", answer.getString("method"));
            assertEquals("http://inspect.anonkit.invalid/inspect/resources/hub.js?x=1", answer.getString("url"));
            assertOnlyTheKitsIdentity(answer);

            // What a browser loads as a script gets a script that says no Qlik is connected, not JSON.
            for (HttpRequest.Builder script : List.of(
                    HttpRequest.newBuilder(kit.baseUri().resolve("qlik/qlik-embed/main.js"))
                            .header("hdr-usr", "root"),
                    HttpRequest.newBuilder(kit.baseUri().resolve("qlik/resources/assets/a.js"))
                            .header("Sec-Fetch-Dest", "script")
                            .header("hdr-usr", "root"))) {
                HttpResponse<String> runtime =
                        http.send(script.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, runtime.statusCode());
                assertEquals(
                        "text/javascript;charset=utf-8",
                        runtime.headers()
                                .firstValue("Content-Type")
                                .orElseThrow()
                                .toLowerCase()
                                .replace(" ", ""));
                assertTrue(
                        runtime.body()
                                .startsWith("/* qlik-anon-kit inspection upstream: this is what the kit would"
                                        + " send to Qlik."),
                        runtime.body());
                assertTrue(
                        runtime.body().contains("console.warn('qlik-anon-kit: no Qlik server is connected"),
                        runtime.body());
                String json = runtime.body()
                        .substring(
                                runtime.body().lastIndexOf("})(") + 3,
                                runtime.body().lastIndexOf(");"));
                assertOnlyTheKitsIdentity(
                        Json.createReader(new StringReader(json)).readObject());
            }

            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(kit.baseUri().resolve("qlik/qrs/app"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, refused.statusCode(), "the access policy applies as in front of Qlik");

            WebSocketCoreClient client = WebSocketProbe.newClient();
            try (WebSocketProbe probe = WebSocketProbe.connect(
                            client,
                            URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1?qlik-csrf-token=t"),
                            Map.of("Origin", "https://site.example.com", "hdr-usr", "root"),
                            List.of(),
                            false)
                    .get(30, TimeUnit.SECONDS)) {
                JsonObject banner = Json.createReader(new StringReader(
                                probe.next(Duration.ofSeconds(10)).text()))
                        .readObject();
                assertEquals("ws://inspect.anonkit.invalid/inspect/app/a1?qlik-csrf-token=t", banner.getString("url"));
                assertOnlyTheKitsIdentity(banner);
                assertEquals(List.of("https://site.example.com"), values(banner, "Origin"));
                probe.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"OpenDoc\"}");
                assertEquals(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"OpenDoc\"}",
                        probe.next(Duration.ofSeconds(10)).text());
            } finally {
                client.stop();
            }
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(kit.baseUri().resolve("health/ready"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
        }
    }
}
