package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestCertificates;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged WAR, run with {@code java -jar}, in front of the Qlik stand-in. */
class StandaloneIT {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static QlikStandIn qlik;
    private static KitProcess kit;

    /**
     * The kit's mechanics against the stand-in's own paths (/qlik/echo, /qps/user to read the identity back), so with
     * the open profile; what the default embed profile refuses is VisitorAccessTest's and the acceptance suite's.
     */
    @BeforeAll
    static void start(@TempDir Path home) throws Exception {
        qlik = QlikStandIn.start();
        kit = KitProcess.start(
                home,
                Map.of(
                        "ANONKIT_ACCESS_PROFILE",
                        "open",
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_USER_ID",
                        "kit-visitor"));
    }

    @AfterAll
    static void stop() throws Exception {
        kit.close();
        qlik.close();
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String raw(URI base, String request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void healthAnswersWithUpstreamReachability() throws Exception {
        HttpResponse<String> health = get(kit.baseUri(), "health");
        assertEquals(200, health.statusCode());
        assertEquals(
                "application/json;charset=utf-8",
                health.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
        assertTrue(
                health.body()
                        .matches("\\{\"status\":\"UP\",\"identityMode\":\"header-static\",\"spoofAttempts\":\\d+,"
                                + "\"access\":\\{\"profile\":\"open\",\"enforcement\":\"enforce\",\"refused\":\\{\"path\":\\d+,\"method\":\\d+,"
                                + "\"app\":\\d+,\"identity\":\\d+,\"limit\":\\d+,\"engine\":\\d+,\"malformed\":\\d+,\"too_large\":\\d+,\"misdirected\":\\d+,\"unconfigured\":\\d+},\"observed\":\\{[^}]*}},\"openTunnels\":\\d+,"
                                + "\"upstream\":\\{\"configured\":true,\"url\":\"" + qlik.virtualProxy()
                                + "\",\"reachable\":true,\"checkedAt\":\"[^\"]+\"}}"),
                health.body());
    }

    @Test
    void engineWebSocketIsTunnelledWithOnlyTheConfiguredIdentity() throws Exception {
        qlik.clear();
        var client = io.anonkit.testing.WebSocketProbe.newClient();
        URI uri = URI.create("ws://" + kit.baseUri().getAuthority()
                + "/qlik/app/a1/identity/v1?xrfkey=0123456789abcdef&qlik-csrf-token=t");
        try (var probe = io.anonkit.testing.WebSocketProbe.connect(
                        client,
                        uri,
                        Map.of(
                                "Origin",
                                "https://site.example.com",
                                "hdr-usr",
                                "admin",
                                "X_Qlik_User",
                                "UserId=sa_repository"),
                        List.of(),
                        false)
                .get(30, java.util.concurrent.TimeUnit.SECONDS)) {
            probe.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"OpenDoc\"}");
            assertTrue(
                    probe.next(java.time.Duration.ofSeconds(10)).text().contains("\"qType\":\"Doc\""),
                    "the stand-in's engine answered");
        } finally {
            client.stop();
        }
        // Before its first engine WebSocket a pooled session asks Qlik for its CSRF token, with the same identity.
        List<QlikStandIn.Recorded> upstream = qlik.requests();
        assertTrue(
                upstream.stream().allMatch(r -> r.values("hdr-usr").equals(List.of("kit-visitor"))),
                upstream::toString);
        List<QlikStandIn.Recorded> handshakes = upstream.stream()
                .filter(r -> r.pathQuery().startsWith("/hdr/app/"))
                .toList();
        assertEquals(1, handshakes.size(), upstream::toString);
        assertTrue(
                upstream.size() == 1 || upstream.get(0).pathQuery().equals("/hdr/qps/csrftoken"), upstream::toString);
        QlikStandIn.Recorded handshake = handshakes.get(0);
        assertEquals(
                "/hdr/app/a1/identity/v1?xrfkey=0123456789abcdef&qlik-csrf-token="
                        + qlik.csrfTokenOf(handshake.values("Cookie").get(0).trim()),
                handshake.pathQuery());
        assertEquals(List.of("kit-visitor"), handshake.values("hdr-usr"));
        assertEquals(List.of("hdr-usr"), handshake.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), handshake.namesWithSkeleton("xqlikuser"));
        assertEquals(List.of("https://site.example.com"), handshake.values("Origin"));
    }

    @Test
    void pooledSessionsSurviveARestart(@TempDir Path home) throws Exception {
        try (QlikStandIn own = QlikStandIn.start()) {
            Map<String, String> environment = Map.of(
                    "ANONKIT_ACCESS_PROFILE",
                    "open",
                    "ANONKIT_UPSTREAM",
                    own.virtualProxy().toString(),
                    "ANONKIT_SESSION_POOL_SIZE",
                    "2");
            try (KitProcess first = KitProcess.start(home, environment)) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, get(first.baseUri(), "qlik/echo").statusCode());
                }
            }
            assertEquals(2, own.sessionsOpened());
            assertTrue(Files.readString(home.resolve("sessions.json")).contains("X-Qlik-Session-hdr="));
            try (KitProcess second = KitProcess.start(home, environment)) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, get(second.baseUri(), "qlik/echo").statusCode());
                }
            }
            assertEquals(2, own.sessionsOpened(), "the restarted kit goes on with the sessions Qlik still counts");
            own.expireSessions();
            try (KitProcess third = KitProcess.start(home, environment)) {
                assertEquals(200, get(third.baseUri(), "qlik/echo").statusCode(), "stale saved cookies are replaced");
            }
        }
    }

    @Test
    void proxiedRequestsCarryOnlyTheConfiguredIdentity() throws Exception {
        qlik.clear();
        String response = raw(
                kit.baseUri(),
                "GET /qlik/qps/user HTTP/1.1\r\nHost: site.example.com\r\nhdr-usr: admin\r\n"
                        + "X_Qlik_User: UserDirectory=INTERNAL; UserId=sa_repository\r\nConnection: close, hdr-usr\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.endsWith("{\"userDirectory\":\"PUBLIC\",\"userId\":\"kit-visitor\"}"), response);
        QlikStandIn.Recorded request = qlik.onlyRequest();
        assertEquals(List.of("kit-visitor"), request.values("hdr-usr"));
        assertEquals(List.of("hdr-usr"), request.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), request.namesWithSkeleton("xqlikuser"));
        assertEquals(List.of("site.example.com"), request.values("Host"));
    }

    @Test
    void theWarsPrivateFoldersStayHiddenInEverySpelling() throws Exception {
        for (String path : List.of(
                "/WEB-INF/web.xml",
                "/web-inf/web.xml",
                "//WEB-INF/web.xml",
                "/WEB-INF;x/web.xml",
                "/%57EB-INF/web.xml",
                "/META-INF/MANIFEST.MF",
                "/meta-inf/MANIFEST.MF")) {
            String answer = raw(kit.baseUri(), "GET " + path + " HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 404 ") || answer.startsWith("HTTP/1.1 400 "), path + ": " + answer);
            assertFalse(answer.contains("<web-app") || answer.contains("Manifest-Version"), path + ": " + answer);
        }
    }

    @Test
    void smugglingAndTraceNeverReachQlik() throws Exception {
        qlik.clear();
        String smuggled = raw(
                kit.baseUri(),
                "POST /qlik/upload HTTP/1.1\r\nHost: k\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /qlik/echo HTTP/1.1\r\nHost: k\r\nhdr-usr: admin\r\n\r\n");
        assertTrue(smuggled.startsWith("HTTP/1.1 400 "), smuggled);
        String trace = raw(kit.baseUri(), "TRACE /qlik/echo HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n");
        assertTrue(
                trace.startsWith("HTTP/1.1 403 "),
                "Jetty's default descriptor denies TRACE before the proxy's 405: " + trace);
        String climb =
                raw(kit.baseUri(), "GET /qlik/%2e%2e/qrs/about HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n");
        assertTrue(climb.startsWith("HTTP/1.1 400 "), climb);
        assertEquals(List.of(), qlik.requests());
        assertFalse(trace.contains("Server: Jetty"), "the server version is not advertised");
    }

    @Test
    void startUpLogsEverySettingAndItsSource() {
        String output = kit.output();
        assertTrue(output.contains("anonkit.user.id = 'kit-visitor'  [environment variable ANONKIT_USER_ID]"), output);
        assertTrue(output.contains("anonkit.identity.mode = 'header-static'  [default]"), output);
    }

    @Test
    void invalidSettingsStopTheStartUpWithAClearMessage(@TempDir Path home) throws Exception {
        try (KitProcess failed = KitProcess.failing(
                home, Map.of("ANONKIT_IDENTITY_HEADER", "X-Qlik-User-Name", "ANONKIT_IDLE_TIMEOUT", "soon"))) {
            assertEquals(2, failed.exitCode(), failed.output());
            String output = failed.output();
            assertTrue(output.contains("qlik-anon-kit cannot start:"), output);
            assertTrue(
                    output.contains(
                            "ANONKIT_IDENTITY_HEADER (anonkit.identity.header, from environment variable ANONKIT_IDENTITY_HEADER): "
                                    + "'X-Qlik-User-Name' contains X-Qlik-User, which Qlik reserves"),
                    output);
            assertTrue(
                    output.contains(
                            "ANONKIT_IDLE_TIMEOUT (anonkit.idle.timeout, from environment variable ANONKIT_IDLE_TIMEOUT): "
                                    + "'soon' is not a duration"),
                    output);
            assertFalse(output.contains(KitProcess.READY), "it must not serve");
        }
    }

    @Test
    void unknownSettingNamesStopTheStartUp(@TempDir Path home) throws Exception {
        try (KitProcess failed = KitProcess.failing(home, Map.of("ANONKIT_IDENTITY_HEADR", "hdr-usr"))) {
            assertEquals(2, failed.exitCode(), failed.output());
            assertTrue(
                    failed.output().contains("unknown settings 'ANONKIT_IDENTITY_HEADR' (environment variable)"),
                    failed.output());
        }
    }

    @Test
    void savedSettingsWinOverInitialValues(@TempDir Path home) throws Exception {
        Files.writeString(
                home.resolve("settings.json"),
                "{\"userId\":\"saved-visitor\",\"upstream\":\"" + qlik.virtualProxy() + "\"}");
        try (KitProcess saved = KitProcess.start(home, Map.of("ANONKIT_USER_ID", "env-visitor"))) {
            qlik.clear();
            assertEquals(200, get(saved.baseUri(), "qlik/resources/echo.js").statusCode());
            assertEquals(List.of("saved-visitor"), qlik.onlyRequest().values("hdr-usr"));
            assertTrue(
                    saved.output().contains("anonkit.user.id = 'saved-visitor'  [saved settings userId]"),
                    saved.output());
        }
    }

    @Test
    void upstreamTlsIsVerifiedAgainstTheConfiguredTrustStore(@TempDir Path home) throws Exception {
        TestCertificates certificates = TestCertificates.create(home);
        try (QlikStandIn tlsQlik = QlikStandIn.startTls(certificates.keyStore(), TestCertificates.PASSWORD)) {
            try (KitProcess untrusting = KitProcess.start(
                    home.resolve("a"),
                    Map.of(
                            "ANONKIT_ACCESS_PROFILE",
                            "open",
                            "ANONKIT_UPSTREAM",
                            tlsQlik.virtualProxy().toString()))) {
                assertEquals(
                        502,
                        get(untrusting.baseUri(), "qlik/echo").statusCode(),
                        "a self-signed certificate is not trusted by default");
                assertEquals(List.of(), tlsQlik.requests());
            }
            try (KitProcess trusting = KitProcess.start(
                    home.resolve("b"),
                    Map.of(
                            "ANONKIT_ACCESS_PROFILE",
                            "open",
                            "ANONKIT_UPSTREAM",
                            tlsQlik.virtualProxy().toString(),
                            "ANONKIT_TRUSTSTORE",
                            certificates.trustStore().toString(),
                            "ANONKIT_TRUSTSTORE_PASSWORD",
                            TestCertificates.PASSWORD))) {
                assertEquals(200, get(trusting.baseUri(), "qlik/echo").statusCode());
                assertFalse(
                        trusting.output().contains(TestCertificates.PASSWORD),
                        "the trust store password is never logged");
            }
            try (KitProcess wrongName = KitProcess.start(
                    home.resolve("c"),
                    Map.of(
                            "ANONKIT_ACCESS_PROFILE",
                            "open",
                            "ANONKIT_UPSTREAM",
                            tlsQlik.virtualProxy().toString().replace("127.0.0.1", "127.0.0.2"),
                            "ANONKIT_TRUSTSTORE",
                            certificates.trustStore().toString(),
                            "ANONKIT_TRUSTSTORE_PASSWORD",
                            TestCertificates.PASSWORD))) {
                assertEquals(502, get(wrongName.baseUri(), "qlik/echo").statusCode(), "the host name is verified too");
            }
        }
    }
}
