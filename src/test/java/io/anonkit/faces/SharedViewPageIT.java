package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.Eventually;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page side of the engine session budget, through {@code java -jar} and the demo page's {@code <q:embed>} tags:
 * while the budget is spent a new visitor's page gets no identity and its elements say they open the shared view.
 */
class SharedViewPageIT {
    private static final Pattern ELEMENT = Pattern.compile("<qlik-embed id=\"selections\"[^>]*>");
    private static final Pattern IDENTITY = Pattern.compile("identity=\"([^\"]+)\"");

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().build();

    /** The first {@code <qlik-embed>} element of a new visitor's demo page, from {@code address}. */
    private String element(KitProcess kit, String address) throws Exception {
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(kit.baseUri().resolve("demo.xhtml"))
                        .header("X-Forwarded-For", address)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        Matcher element = ELEMENT.matcher(page.body());
        assertTrue(element.find(), page.body());
        return element.group();
    }

    @Test
    void whileTheBudgetIsSpentANewVisitorsPageOpensTheSharedViewAndSaysSo() throws Exception {
        WebSocketCoreClient client = WebSocketProbe.newClient();
        try (QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = KitProcess.start(
                        home,
                        Map.of(
                                "ANONKIT_UPSTREAM", qlik.virtualProxy().toString(),
                                "ANONKIT_APP_ID", "a1",
                                "ANONKIT_ALLOWED_APPS", "a1",
                                "ANONKIT_ENGINE_SESSIONS", "1",
                                "ANONKIT_TRUSTED_PROXIES", "127.0.0.1"))) {
            String first = element(kit, "10.3.0.1");
            assertFalse(first.contains("data-anonkit-view"), first);
            Matcher identity = IDENTITY.matcher(first);
            assertTrue(identity.find(), first);
            try (WebSocketProbe tunnel = WebSocketProbe.connect(
                            client,
                            URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1/identity/"
                                    + identity.group(1)),
                            Map.of("Origin", "https://site.example.com", "X-Forwarded-For", "10.3.0.1"),
                            List.of(),
                            false)
                    .get(30, TimeUnit.SECONDS)) {
                assertEquals("own", tunnel.handshakeHeaders().get("X-Anonkit-Engine-Session"));
                String second = element(kit, "10.3.0.2");
                assertTrue(second.contains("data-anonkit-view=\"shared\""), second);
                assertFalse(second.contains("identity="), "no identity while the budget is spent: " + second);
            }
            Eventually.await(Duration.ofSeconds(10), "the session given back", () -> {
                String third = element(kit, "10.3.0.3");
                return third.contains("identity=") && !third.contains("data-anonkit-view");
            });
        } finally {
            client.stop();
        }
    }
}
