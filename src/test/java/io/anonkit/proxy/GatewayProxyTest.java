package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's behaviour against the Qlik stand-in, over real sockets. */
class GatewayProxyTest {
    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private QlikStandIn qlik;
    private GatewayUnderTest gateway;

    @BeforeEach
    void start() throws Exception {
        qlik = QlikStandIn.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        qlik.close();
    }

    private TestSettings settings() {
        return TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ACCESS_PROFILE, "open");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathAndQueryReachQlikByteForByte() throws Exception {
        gateway = GatewayUnderTest.start(settings().build());
        HttpResponse<String> response = get("/qlik/resources/a%20b/x.js?y=%2F&xrfkey=0123456789abcdef");
        assertEquals(200, response.statusCode());
        assertEquals(
                "/hdr/resources/a%20b/x.js?y=%2F&xrfkey=0123456789abcdef",
                qlik.onlyRequest().pathQuery());
    }

    @Test
    void redirectsFromQlikPointAtTheKitsMount() throws Exception {
        gateway = GatewayUnderTest.start(settings().build(), "/ctx");
        HttpResponse<String> response = get("/ctx/qlik/redirect");
        assertEquals(302, response.statusCode());
        assertEquals(
                gateway.baseUri() + "/ctx/qlik/hub/",
                response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void withoutPoolingQlikSessionCookieIsScopedToTheMount() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.SESSION_POOL, "off").build(), "/ctx");
        String cookie =
                get("/ctx/qlik/qps/user").headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.matches("X-Qlik-Session-hdr=[0-9a-f-]{36}; HttpOnly; Path=/ctx/qlik; SameSite=Lax"), cookie);
    }

    @Test
    void everySetCookieOfAnAnswerIsRewrittenAndThePooledSessionsStaysInTheKit() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.SESSION_POOL, "off").build(), "/ctx");
        List<String> cookies = get("/ctx/qlik/cookies").headers().allValues("Set-Cookie");
        assertEquals(3, cookies.size(), cookies::toString);
        assertTrue(
                cookies.stream().anyMatch(c -> c.startsWith("X-Qlik-Session-hdr=") && c.contains("Path=/ctx/qlik")),
                cookies::toString);
        assertTrue(
                cookies.stream().anyMatch(c -> c.startsWith("qlik-lang=en") && c.contains("Path=/ctx/qlik")),
                cookies::toString);
        assertTrue(
                cookies.stream()
                        .anyMatch(c -> c.startsWith("qlik-theme=dark")
                                && c.contains("Path=/ctx/qlik")
                                && c.contains("HttpOnly")),
                cookies::toString);
        gateway.close();

        gateway = GatewayUnderTest.start(settings().build(), "/ctx");
        List<String> pooled = get("/ctx/qlik/cookies").headers().allValues("Set-Cookie");
        assertEquals(2, pooled.size(), pooled::toString);
        assertTrue(
                pooled.stream().noneMatch(c -> c.contains("X-Qlik-Session")),
                "the pooled session's cookie stays: " + pooled);
    }

    @Test
    void theVisitorsHostReachesQlikAndForwardedHeadersAreTheKits() throws Exception {
        gateway = GatewayUnderTest.start(settings().build());
        get("/qlik/echo");
        QlikStandIn.Recorded request = qlik.onlyRequest();
        String host = gateway.baseUri().getAuthority();
        assertEquals(List.of(host), request.values("Host"));
        assertEquals(List.of(host), request.values("X-Forwarded-Host"));
        assertEquals(List.of("127.0.0.1"), request.values("X-Forwarded-For"));
        assertEquals(List.of("http"), request.values("X-Forwarded-Proto"));
    }

    @Test
    void hostHeaderCanBeTheUpstreamsOrFixed() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.HOST_HEADER, "upstream").build());
        get("/qlik/echo");
        assertEquals(
                List.of(qlik.virtualProxy().getAuthority()), qlik.onlyRequest().values("Host"));
        qlik.clear();
        replace(settings().with(SettingKey.HOST_HEADER, "qlik.example.com:443").build());
        get("/qlik/echo");
        assertEquals(List.of("qlik.example.com:443"), qlik.onlyRequest().values("Host"));
    }

    @Test
    void aSettingsChangeAppliesToTheNextRequest() throws Exception {
        gateway = GatewayUnderTest.start(settings().build());
        get("/qlik/echo");
        assertEquals(List.of("anonymous"), qlik.onlyRequest().values("hdr-usr"));
        qlik.clear();
        replace(settings()
                .with(SettingKey.IDENTITY_MODE, "x-qlik-user")
                .with(SettingKey.USER_ID, "visitor")
                .build());
        get("/qlik/echo");
        QlikStandIn.Recorded request = qlik.onlyRequest();
        assertEquals(List.of("UserDirectory=PUBLIC; UserId=visitor"), request.values("X-Qlik-User"));
        assertEquals(List.of(), request.values("hdr-usr"));
    }

    @Test
    void withoutAnUpstreamTheMountAnswers503() throws Exception {
        gateway = GatewayUnderTest.start(
                TestSettings.defaults().with(SettingKey.ACCESS_PROFILE, "open").build());
        HttpResponse<String> response = get("/qlik/echo");
        assertEquals(503, response.statusCode());
        assertEquals(
                "Service unavailable: upstream not configured (set ANONKIT_UPSTREAM to the Qlik virtual proxy URL)\n",
                response.body());
    }

    @Test
    void whenQlikIsDownTheKitAnswers502AndStaysHealthy() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, "http://127.0.0.1:" + closedPort + "/hdr")
                .with(SettingKey.ACCESS_PROFILE, "open")
                .build());
        HttpResponse<String> response = get("/qlik/echo");
        assertEquals(502, response.statusCode());
        assertEquals("Bad gateway: the Qlik server could not be reached or broke the connection\n", response.body());
        replace(settings().build());
        assertEquals(200, get("/qlik/echo").statusCode(), "the kit recovers once Qlik is back");
    }

    @Test
    void whenQlikResetsTheConnectionTheKitAnswers502() throws Exception {
        gateway = GatewayUnderTest.start(settings().build());
        assertEquals(502, get("/qlik/reset").statusCode());
        assertEquals(200, get("/qlik/echo").statusCode());
    }

    @Test
    void whenQlikIsTooSlowTheKitAnswers504() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.IDLE_TIMEOUT, "1s").build());
        long start = System.nanoTime();
        HttpResponse<String> response = get("/qlik/hang?ms=3000");
        assertEquals(504, response.statusCode());
        assertEquals(
                "Gateway timeout: the Qlik server did not answer within 1000 ms, ANONKIT_IDLE_TIMEOUT (anonkit.idle.timeout)\n",
                response.body());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2900, "answered before Qlik did");
        assertEquals(200, get("/qlik/echo").statusCode());
    }

    @Test
    void hostsOutsideTheAllowListGet421() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.ALLOWED_HOSTS, "site.example.com").build());
        HttpTester.Response refused = gateway.raw("GET /qlik/echo HTTP/1.1\r\nHost: evil.example\r\n\r\n");
        assertEquals(421, refused.getStatus());
        assertEquals(
                "Misdirected request: host 'evil.example' is not in ANONKIT_ALLOWED_HOSTS (anonkit.allowed.hosts)\n",
                refused.getContent());
        HttpTester.Response allowed = gateway.raw("GET /qlik/echo HTTP/1.1\r\nHost: SITE.example.com:8443\r\n\r\n");
        assertEquals(200, allowed.getStatus());
        assertEquals(1, qlik.requests().size());
    }

    @Test
    void largeBodiesStreamBothWays() throws Exception {
        gateway = GatewayUnderTest.start(settings().build());
        long size = 64L * 1024 * 1024 + 17;
        HttpResponse<java.io.InputStream> download = client.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/download?bytes=" + size))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long received;
        try (var in = download.body()) {
            received = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(size, received);
        HttpResponse<String> upload = client.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                            long left = size;

                            @Override
                            public int read() {
                                return left-- > 0 ? 'x' : -1;
                            }

                            @Override
                            public int read(byte[] b, int off, int len) {
                                if (left <= 0) {
                                    return -1;
                                }
                                int n = (int) Math.min(len, left);
                                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                                left -= n;
                                return n;
                            }
                        }))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(String.valueOf(size), upload.body());
    }

    private void replace(Settings settings) {
        gateway.store().replace(settings);
    }
}
