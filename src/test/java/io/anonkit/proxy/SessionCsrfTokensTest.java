package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.Test;

/**
 * The stand-in ties each CSRF token to the session that issued it and refuses an engine WebSocket whose token belongs to
 * another session, as Qlik does. Through a pool of three sessions, every engine WebSocket carries the token of the
 * pooled session it goes through, whatever token the visitor fetched or made up, and no visitor is refused, not even
 * after Qlik replaced its tokens.
 */
class SessionCsrfTokensTest {
    @Test
    void everyEngineSocketCarriesTheTokenOfThePooledSessionItUses() throws Exception {
        try (QlikStandIn qlik = QlikStandIn.start();
                GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ALLOWED_APPS, "a1")
                        .with(SettingKey.SESSION_POOL, "on")
                        .with(SettingKey.SESSION_POOL_SIZE, "3")
                        .build())) {
            HttpResponse<String> fetched = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(gateway.baseUri() + "/qlik/qps/csrftoken"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String visitorToken =
                    fetched.headers().firstValue("qlik-csrf-token").orElseThrow();
            WebSocketCoreClient client = WebSocketProbe.newClient();
            List<WebSocketProbe> open = new ArrayList<>();
            try {
                for (String sent : List.of(
                        visitorToken, visitorToken, visitorToken, "csrf-forged00", visitorToken, "csrf-forged00")) {
                    open.add(connect(client, gateway, sent));
                }
                open.forEach(WebSocketProbe::close);
                assertEquals(0, qlik.csrfRefusals(), "handshakes Qlik refused for another session's token");
                assertEachCarriesItsSessionsToken(qlik);

                // Qlik replaces its tokens: a socket through a session whose token the kit kept is refused once by
                // Qlik, and the kit asks for that session's new token and tries again, so the visitor never sees it.
                qlik.rotateCsrfTokens();
                int refusalsBefore = qlik.csrfRefusals();
                for (int attempt = 0; attempt < 9; attempt++) {
                    connect(client, gateway, visitorToken).close();
                }
                int refused = qlik.csrfRefusals() - refusalsBefore;
                assertTrue(refused >= 1 && refused <= 3, "Qlik refused once per pooled session at most: " + refused);
                for (int attempt = 0; attempt < 3; attempt++) {
                    connect(client, gateway, visitorToken).close();
                }
                assertEquals(refused, qlik.csrfRefusals() - refusalsBefore, "the new tokens are kept");
            } finally {
                open.forEach(WebSocketProbe::close);
                client.stop();
            }
            assertTrue(qlik.csrfRefusals() <= 3, "refused at most once per pooled session: " + qlik.csrfRefusals());
        }
    }

    private static void assertEachCarriesItsSessionsToken(QlikStandIn qlik) {
        Set<String> sessions = new HashSet<>();
        List<QlikStandIn.Recorded> handshakes = qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(QlikStandIn.PREFIX + "/app/"))
                .toList();
        for (QlikStandIn.Recorded handshake : handshakes) {
            String cookie = handshake.values("Cookie").get(0).trim();
            sessions.add(cookie);
            assertTrue(
                    handshake.pathQuery().endsWith("qlik-csrf-token=" + qlik.csrfTokenOf(cookie)),
                    handshake.pathQuery() + " through " + cookie);
        }
        assertEquals(6, handshakes.size());
        assertTrue(sessions.size() >= 2, "the pool spread the sockets over its sessions: " + sessions);
    }

    private static WebSocketProbe connect(WebSocketCoreClient client, GatewayUnderTest gateway, String token)
            throws Exception {
        URI uri = URI.create(gateway.webSocketUri() + "/qlik/app/a1?qlik-csrf-token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return WebSocketProbe.connect(client, uri, Map.of(), List.of(), false).get(10, TimeUnit.SECONDS);
    }
}
