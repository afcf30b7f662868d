package io.anonkit.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.http.AccessMonitor;
import io.anonkit.http.RefusalReason;
import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access profiles through the real gateway: raw request bytes and real WebSocket handshakes from a visitor, a
 * recording Qlik stand-in behind. A refused request must get its status and must not reach the stand-in at all.
 */
class VisitorAccessTest {
    private static final String APP = "6d8bf6e9-1d7d-4b1a-9ddc-3b0d6b8a1f2e";
    private static QlikStandIn qlik;
    private static GatewayUnderTest gateway;
    private static WebSocketCoreClient client;

    @BeforeAll
    static void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(embed().build());
        client = WebSocketProbe.newClient();
    }

    private static TestSettings embed() {
        return TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ALLOWED_APPS, APP)
                .with(SettingKey.TRUSTED_PROXIES, "127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        gateway.close();
        qlik.close();
    }

    @BeforeEach
    void reset() {
        gateway.store().replace(embed().build());
        qlik.clear();
    }

    private static HttpTester.Response send(String method, String target) throws Exception {
        return gateway.raw(method + " " + target + " HTTP/1.1\r\nHost: kit.example\r\nConnection: close\r\n\r\n");
    }

    static Stream<Arguments> httpCases() {
        return Stream.of(
                // allowed: what qlik-embed loads
                Arguments.of("GET", "/qlik/qlik-embed/main.js", 200),
                Arguments.of("HEAD", "/qlik/resources/fonts/a.woff", 200),
                Arguments.of("GET", "/qlik/qps/csrftoken?xrfkey=0123456789abcdef", 200),
                Arguments.of("GET", "/qlik/QLIK-EMBED/main.js", 200),
                Arguments.of("GET", "/qlik/%72esources/a.js", 200),
                // refused: Qlik's repository API, the QMC, the hub, the user endpoints, ODAG, tickets
                Arguments.of("GET", "/qlik/qrs/about", 404),
                Arguments.of("POST", "/qlik/qrs/app/upload?name=x", 404),
                Arguments.of("GET", "/qlik/QRS/about", 404),
                Arguments.of("GET", "/qlik/%71rs/about", 404),
                Arguments.of("GET", "/qlik/Q%52S/about", 404),
                Arguments.of("GET", "/qlik/qmc/", 404),
                Arguments.of("GET", "/qlik/hub/", 404),
                Arguments.of("GET", "/qlik/dev-hub/", 404),
                Arguments.of("GET", "/qlik/qps/user", 404),
                Arguments.of("DELETE", "/qlik/qps/user", 404),
                Arguments.of("POST", "/qlik/qps/ticket", 404),
                Arguments.of("GET", "/qlik/api/odag/v1/links", 404),
                Arguments.of("GET", "/qlik/sense/app/" + APP, 404),
                Arguments.of("GET", "/qlik/app/" + APP, 404),
                // ambiguous or escaping spellings
                Arguments.of("GET", "/qlik/resources;x=1/../qrs/about", 400),
                Arguments.of("GET", "/qlik/resources/..;/qrs/about", 400),
                Arguments.of("GET", "/qlik/resources/%2e%2e/qrs/about", 400),
                Arguments.of("GET", "/qlik/resources/%252e%252e/qrs", 400),
                Arguments.of("GET", "/qlik/resources%2f..%2fqrs/about", 400),
                Arguments.of("GET", "/qlik/resources//qrs/about", 400),
                Arguments.of("GET", "/qlik/resources\\..\\qrs", 400),
                Arguments.of("GET", "/qlik/resources;jsessionid=1/a.js", 404),
                Arguments.of("GET", "/qlik/resources/%c3%28", 400),
                Arguments.of("GET", "/qlik/qps/csrftoken/", 404),
                Arguments.of("GET", "/qlik/qps/csrftoken;x", 404),
                // Unicode letters that Java's case rules fold to ASCII: Qlik reads another path (Kelvin sign K, long s)
                Arguments.of("GET", "/qlik/qli%E2%84%AA-embed/main.js", 404),
                Arguments.of("GET", "/qlik/re%C5%BFources/a.js", 404),
                Arguments.of("GET", "/qlik/resources/../%C4%B0/a.js", 400),
                Arguments.of("GET", "/qlik/%C4%B0mages/a.png", 404),
                // images of the allowed app's media library, nothing else of its content and nothing of another app
                Arguments.of("GET", "/qlik/appcontent/" + APP + "/logo.png", 200),
                Arguments.of("HEAD", "/qlik/appcontent/" + APP.toUpperCase() + "/Sub%20Folder/photo.JPEG", 200),
                Arguments.of("GET", "/qlik/appcontent/" + APP + "/sales.csv", 404),
                Arguments.of("GET", "/qlik/appcontent/" + APP + "/sales.csv%3F.png", 404),
                Arguments.of("GET", "/qlik/appcontent/" + APP + "/sales.csv%3a.png", 404),
                Arguments.of("GET", "/qlik/appcontent/" + APP + "/sales.csv%00.png", 400),
                Arguments.of("GET", "/qlik/appcontent/" + APP + "/x/..%2f..%2fother/logo.png", 400),
                Arguments.of("GET", "/qlik/appcontent/0b2c6e9a-0000-4b1a-9ddc-3b0d6b8a1f2e/logo.png", 404),
                Arguments.of("GET", "/qlik/content/default/logo.png", 404),
                Arguments.of("POST", "/qlik/appcontent/" + APP + "/logo.png", 405),
                // methods
                Arguments.of("POST", "/qlik/resources/a.js", 405),
                Arguments.of("PUT", "/qlik/qlik-embed/main.js", 405),
                Arguments.of("DELETE", "/qlik/qps/csrftoken", 405),
                Arguments.of("OPTIONS", "/qlik/qps/csrftoken", 405),
                Arguments.of("TRACE", "/qlik/resources/a.js", 405));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("httpCases")
    void httpRequests(String method, String target, int status) throws Exception {
        HttpTester.Response response = send(method, target);
        assertNotNull(response, "no response");
        assertEquals(status, response.getStatus(), response.getContent());
        assertEquals(status == 200 ? 1 : 0, qlik.requests().size(), "requests that reached Qlik: " + qlik.requests());
        if (status == 405 && !method.equals("TRACE")) {
            assertEquals("GET, HEAD", response.get("Allow"));
        }
    }

    @Test
    void theClassicProfileReadsTheInstalledExtensionsAndNothingElseOfTheRepositoryApi() throws Exception {
        gateway.store()
                .replace(embed().with(SettingKey.ACCESS_PROFILE, "classic").build());
        // As the Sense client's content API asks it: the same key in the query and in X-Qlik-XrfKey.
        HttpTester.Response schema = gateway.raw("GET /qlik/qrs/extension/schema?xrfkey=0123456789abcdef HTTP/1.1\r\n"
                + "Host: kit.example\r\nX-Qlik-XrfKey: 0123456789abcdef\r\nConnection: close\r\n\r\n");
        assertEquals(200, schema.getStatus(), schema.getContent());
        assertEquals(1, qlik.requests().size());
        assertEquals(
                "/hdr/qrs/extension/schema?xrfkey=0123456789abcdef",
                qlik.requests().get(0).pathQuery());
        qlik.clear();
        for (String[] refused : new String[][] {
            {"HEAD", "/qlik/qrs/extension/schema", "405"},
            {"POST", "/qlik/qrs/extension/schema", "405"},
            {"GET", "/qlik/qrs/extension/full", "404"},
            {"GET", "/qlik/qrs/extension/schema/x", "404"},
            {"POST", "/qlik/qrs/extension/upload", "404"},
            {"GET", "/qlik/qrs/about", "404"},
            {"GET", "/qlik/qrs/app/full", "404"}
        }) {
            assertEquals(
                    Integer.parseInt(refused[2]), send(refused[0], refused[1]).getStatus(), String.join(" ", refused));
        }
        assertEquals(List.of(), qlik.requests(), "nothing else below /qrs reached Qlik");
    }

    @Test
    void aMalformedHandshakeIsRefusedBeforeItCostsATunnelSlotOrAQlikSession() throws Exception {
        String base = "GET /qlik/app/" + APP + " HTTP/1.1\r\nHost: kit.example\r\nOrigin: https://site.example.com\r\n"
                + "Upgrade: websocket\r\n";
        for (String broken : new String[] {
            "Connection: Upgrade\r\nSec-WebSocket-Version: 12\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
            "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n",
            "Connection: keep-alive\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        }) {
            HttpTester.Response response = gateway.raw(base + broken + "\r\n");
            assertEquals(400, response.getStatus(), broken);
        }
        assertEquals(List.of(), qlik.sessionOpenings(), "no Qlik session was opened for them");
        assertEquals(List.of(), qlik.requests(), "nothing reached Qlik");
        assertEquals(
                0, io.anonkit.client.ClientLimits.of(gateway.servletContext()).openTunnels(), "no tunnel slot held");
    }

    @Test
    void everyRefusalIsCountedByReason() throws Exception {
        AccessMonitor monitor = monitor();
        Map<RefusalReason, Long> before = monitor.refused();
        send("GET", "/qlik/qrs/about");
        send("POST", "/qlik/resources/a.js");
        Map<RefusalReason, Long> after = monitor.refused();
        assertEquals(before.get(RefusalReason.PATH) + 1, after.get(RefusalReason.PATH));
        assertEquals(before.get(RefusalReason.METHOD) + 1, after.get(RefusalReason.METHOD));
    }

    private static AccessMonitor monitor() {
        return AccessMonitor.of(gateway.servletContext());
    }

    @Test
    void observeModeForwardsCountsAndListsWhatEnforceWouldRefuse() throws Exception {
        gateway.store().replace(embed().with(SettingKey.ENFORCEMENT, "observe").build());
        monitor().clearEntries();
        long observedBefore = monitor().observed().get(RefusalReason.PATH);
        assertEquals(
                200, send("GET", "/qlik/hub/stream/x?xrfkey=0123456789abcdef").getStatus());
        assertEquals(200, send("GET", "/qlik/hub/stream/y").getStatus());
        assertEquals(200, send("DELETE", "/qlik/qps/user").getStatus());
        assertEquals(3, qlik.requests().size(), "everything reached Qlik");
        assertEquals(observedBefore + 3, monitor().observed().get(RefusalReason.PATH));
        List<AccessMonitor.Entry> entries = monitor().entries();
        assertEquals("GET /hub/stream/** path observed 2", line(entries.get(0)));
        assertEquals("DELETE /qps/user path observed 1", line(entries.get(1)));
        assertTrue(entries.stream().noneMatch(e -> e.pattern().contains("xrfkey")), "no query in the list");
    }

    private static String line(AccessMonitor.Entry entry) {
        return entry.method() + " " + entry.pattern() + " " + entry.reason().text() + " "
                + (entry.enforced() ? "refused" : "observed") + " " + entry.count();
    }

    private WebSocketProbe open(String path, Map<String, String> headers) throws Exception {
        return WebSocketProbe.connect(client, URI.create(gateway.webSocketUri() + path), headers, List.of(), false)
                .get(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> browser(String clientAddress) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Origin", "https://site.example");
        headers.put("X-Forwarded-For", clientAddress);
        return headers;
    }

    private int refusedHandshake(String path) {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> open(path, browser("198.51.100.1")).close(),
                path + " was accepted");
        return ((UpgradeException) e.getCause()).getResponseStatusCode();
    }

    static Stream<String> refusedSockets() {
        return Stream.of(
                "/qlik/app/engineData",
                "/qlik/app/other-app",
                "/qlik/app/" + APP.toUpperCase(java.util.Locale.ROOT),
                "/qlik/app/" + APP + "/extra",
                "/qlik/app/" + APP + "/ttl/60",
                "/qlik/app/" + APP + "/identity/forged",
                "/qlik/app/" + APP + "/identity/v.zz.0123456789abcdef.01234567.AAAAAAAAAAAAAAAAAAAAAA",
                "/qlik/app/%3Ftransient%3D/identity/1",
                "/qlik/hub/",
                "/qlik/app/",
                "/qlik/qps/csrftoken");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSockets")
    void engineWebSocketsOutsideTheAllowedAppsAndIssuedIdentitiesAreRefusedBeforeQlik(String path) {
        assertEquals(403, refusedHandshake(path));
        assertEquals(List.of(), qlik.requests(), "nothing reached Qlik");
    }

    @Test
    void anAllowedAppWithAnIssuedIdentityReachesQlikWithTheDerivedIdentityAndOnlyTheParametersItReads()
            throws Exception {
        IdentityTokens tokens = IdentityTokens.of(gateway.servletContext());
        String token = tokens.issue(SelectionScope.VISITOR);
        String derived = tokens.verify(token, SelectionScope.VISITOR).orElseThrow();
        try (WebSocketProbe probe = open(
                "/qlik/app/" + APP + "/identity/" + token
                        + "?reloadUri=x&xrfkey=0123456789abcdef&debug=1&qlik-csrf-token=t",
                browser("198.51.100.1"))) {
            probe.send(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"" + APP + "\"]}");
            assertTrue(probe.next(java.time.Duration.ofSeconds(10)).text().contains("\"qType\":\"Doc\""));
        }
        QlikStandIn.Recorded upgrade = qlik.requests().stream()
                .filter(r -> r.pathQuery().contains("/app/"))
                .findFirst()
                .orElseThrow();
        // The CSRF token Qlik gets is the pooled session's own, in place of the visitor's.
        assertEquals(
                QlikStandIn.PREFIX + "/app/" + APP + "/identity/" + derived
                        + "?reloadUri=x&xrfkey=0123456789abcdef&qlik-csrf-token="
                        + qlik.csrfTokenOf(upgrade.values("Cookie").get(0).trim()),
                upgrade.pathQuery());
        assertTrue(qlik.requests().stream().noneMatch(r -> r.pathQuery().contains(token)), "Qlik never sees the token");
    }

    @Test
    void oneClientOverItsTunnelLimitGets429WhileAnotherIsServed() throws Exception {
        gateway.store().replace(embed().with(SettingKey.TUNNELS_PER_CLIENT, 2).build());
        try (WebSocketProbe first = open("/qlik/app/" + APP, browser("198.51.100.1"));
                WebSocketProbe second = open("/qlik/app/" + APP, browser("198.51.100.1"))) {
            qlik.clear();
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> open("/qlik/app/" + APP, browser("198.51.100.1")).close());
            assertEquals(429, ((UpgradeException) e.getCause()).getResponseStatusCode());
            assertEquals(List.of(), qlik.requests(), "nothing reached Qlik");
            try (WebSocketProbe other = open("/qlik/app/" + APP, browser("198.51.100.2"))) {
                other.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"" + APP
                        + "\"]}");
                assertTrue(
                        other.next(java.time.Duration.ofSeconds(10)).text().contains("\"qType\":\"Doc\""),
                        "another client is served");
            }
        }
        try (WebSocketProbe again = open("/qlik/app/" + APP, browser("198.51.100.1"))) {
            assertNotNull(again, "closed tunnels make room again");
        }
    }

    @Test
    void aClientOverItsRequestRateGets429WithRetryAfter() throws Exception {
        gateway.store()
                .replace(embed().with(SettingKey.REQUESTS_PER_SECOND, 1)
                        .with(SettingKey.REQUEST_BURST, 3)
                        .build());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = clientAddress -> {
            try {
                return http.send(
                        java.net.http.HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/resources/a.js"))
                                .header("X-Forwarded-For", clientAddress)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get.apply("198.51.100.7").statusCode());
        }
        java.net.http.HttpResponse<String> limited = get.apply("198.51.100.7");
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals(3, qlik.requests().size(), "the limited request did not reach Qlik");
        assertEquals(200, get.apply("198.51.100.8").statusCode(), "another client is served");
    }
}
