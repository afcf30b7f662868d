package io.anonkit.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server-side pool of Qlik proxy sessions, through the gateway into the stand-in, which counts sessions as Qlik does. */
class SessionPoolTest {
    private QlikStandIn qlik;
    private GatewayUnderTest gateway;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startQlik() throws Exception {
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

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.baseUri() + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertEveryForwardedRequestCarriesALiveSession() {
        for (QlikStandIn.Recorded request : qlik.requests()) {
            List<String> cookies = request.values("Cookie");
            assertEquals(1, cookies.size(), request.toString());
            assertNotNull(qlik.sessionUser(cookies.get(0)), "a live pooled session: " + request);
        }
    }

    @Test
    void twoHundredConcurrentCookielessVisitorsOpenAtMostFiveSessions() throws Exception {
        gateway = GatewayUnderTest.start(settings().build());
        ExecutorService visitors = Executors.newFixedThreadPool(200);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                responses.add(visitors.submit(() -> {
                    start.await();
                    return get("/qlik/echo");
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> r = response.get();
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(
                        r.headers().allValues("Set-Cookie").isEmpty(),
                        "no Qlik cookie reaches a browser: " + r.headers());
            }
        } finally {
            visitors.shutdownNow();
        }
        assertTrue(qlik.sessionsOpened() <= 5, "sessions opened: " + qlik.sessionsOpened());
        assertEquals(qlik.sessionsOpened(), qlik.sessionOpenings().size(), "every session was opened by the pool");
        assertEquals(200, qlik.requests().size());
        assertEveryForwardedRequestCarriesALiveSession();
    }

    @Test
    void aVisitorsOwnQlikSessionCookieIsIgnored() throws Exception {
        gateway = GatewayUnderTest.start(settings().build());
        get("/qlik/echo");
        HttpResponse<String> response =
                get("/qlik/echo", "Cookie", QlikStandIn.SESSION_COOKIE + "=stolen; JSESSIONID=site");
        assertEquals(200, response.statusCode());
        String sent = qlik.requests().get(1).values("Cookie").get(0);
        assertTrue(!sent.contains("stolen") && !sent.contains("JSESSIONID"), sent);
        assertEveryForwardedRequestCarriesALiveSession();
    }

    @Test
    void expiredSessionsAreReplacedWithoutFailingAVisitor() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.SESSION_POOL_SIZE, 2).build());
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get("/qlik/echo").statusCode());
        }
        assertEquals(2, qlik.sessionsOpened());
        qlik.expireSessions();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = get("/qlik/echo");
            assertEquals(200, response.statusCode(), "the visitor never sees the expiry");
            assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), "the new cookie stays in the kit");
        }
        assertEquals(4, qlik.sessionsOpened(), "Qlik's new cookie replaced each expired one, once");
        qlik.clear();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, get("/qlik/echo").statusCode());
        }
        assertEquals(4, qlik.sessionsOpened(), "later requests use the replacements");
        assertEveryForwardedRequestCarriesALiveSession();
    }

    @Test
    void theSessionsQlikOpensForRequestsUnderWayWhenASessionEndsAreLoggedOutAtOnce() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.SESSION_POOL_SIZE, 2).build());
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get("/qlik/echo").statusCode());
        }
        qlik.expireSessions();
        int openedBefore = qlik.sessionsOpened();
        ExecutorService visitors = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                // Slow answers: all 20 are under way with the ended sessions' cookies, as on a busy site.
                answers.add(visitors.submit(() -> get("/qlik/hang?ms=300")));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertEquals(200, answer.get().statusCode(), "the visitor never sees the expiry");
            }
        } finally {
            visitors.shutdownNow();
        }
        int burst = qlik.sessionsOpened() - openedBefore;
        assertTrue(burst > 2, "Qlik opened a session for each request with an ended cookie: " + burst);
        io.anonkit.testing.Eventually.await(
                java.time.Duration.ofSeconds(5),
                "the pool kept one replacement per session and logged the others out: " + qlik.liveSessions(),
                () -> qlik.liveSessions() <= 2);
        assertEquals(2, qlik.liveSessions(), "the pool kept one replacement per session and logged the others out");
        assertEquals(burst - 2, qlik.logouts());
        qlik.clear();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, get("/qlik/echo").statusCode());
        }
        assertEquals(openedBefore + burst, qlik.sessionsOpened(), "later requests use the kept replacements");
        assertEveryForwardedRequestCarriesALiveSession();
    }

    @Test
    void identityPoolSpreadsVisitorsOverSeveralUserIds() throws Exception {
        gateway = GatewayUnderTest.start(settings()
                .with(SettingKey.USER_ID_COUNT, 3)
                .with(SettingKey.SESSION_POOL_SIZE, 1)
                .build());
        for (int i = 0; i < 9; i++) {
            assertEquals(200, get("/qlik/echo").statusCode());
        }
        Set<String> users = new HashSet<>();
        for (QlikStandIn.Recorded request : qlik.requests()) {
            String user = request.values("hdr-usr").get(0);
            users.add(user);
            assertEquals(
                    user, qlik.sessionUser(request.values("Cookie").get(0)), "each session keeps its own identity");
        }
        assertEquals(Set.of("anonymous1", "anonymous2", "anonymous3"), users);
        assertEquals(3, qlik.sessionsOpened());
    }

    @Test
    void changingATimeoutKeepsThePool() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.SESSION_POOL_SIZE, 1).build());
        get("/qlik/echo");
        gateway.store()
                .replace(settings()
                        .with(SettingKey.SESSION_POOL_SIZE, 1)
                        .with(SettingKey.IDLE_TIMEOUT, "30s")
                        .build());
        get("/qlik/echo");
        assertEquals(1, qlik.sessionsOpened(), "no new Qlik session for an unrelated change");
        gateway.store()
                .replace(settings()
                        .with(SettingKey.SESSION_POOL_SIZE, 1)
                        .with(SettingKey.USER_ID, "guest")
                        .build());
        get("/qlik/echo");
        assertEquals(2, qlik.sessionsOpened(), "a new identity needs its own session");
        assertEquals(List.of("guest"), qlik.requests().get(2).values("hdr-usr"));
    }

    @Test
    void aRefusedIdentityGivesAClear502() throws Exception {
        qlik.refuseUsers(true);
        gateway = GatewayUnderTest.start(settings().build());
        HttpResponse<String> response = get("/qlik/echo");
        assertEquals(502, response.statusCode());
        assertEquals(
                "Bad gateway: the Qlik virtual proxy answered 403 to GET /qps/user with the pooled identity\n",
                response.body());
        assertEquals(List.of(), qlik.requests(), "nothing is forwarded without a session");
        qlik.refuseUsers(false);
        assertEquals(200, get("/qlik/echo").statusCode(), "a later request opens the session");
    }

    @Test
    void noneModeDoesNotPoolByDefault() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.IDENTITY_MODE, "none").build());
        HttpResponse<String> response = get("/qlik/echo");
        assertTrue(
                response.headers().firstValue("Set-Cookie").orElse("").startsWith(QlikStandIn.SESSION_COOKIE + "="),
                "each browser keeps its own anonymous Qlik session");
        assertEquals(List.of(), qlik.sessionOpenings());
    }

    @Test
    void tunnelsUseAPooledSessionToo() throws Exception {
        gateway = GatewayUnderTest.start(
                settings().with(SettingKey.SESSION_POOL_SIZE, 1).build());
        get("/qlik/echo");
        var client = io.anonkit.testing.WebSocketProbe.newClient();
        try (var probe = io.anonkit.testing.WebSocketProbe.connect(
                        client,
                        URI.create(gateway.webSocketUri() + "/qlik/app/a1"),
                        java.util.Map.of(),
                        List.of(),
                        false)
                .get()) {
            probe.send("x");
            probe.next(Duration.ofSeconds(10));
        } finally {
            client.stop();
        }
        assertEquals(1, qlik.sessionsOpened());
        assertEveryForwardedRequestCarriesALiveSession();
        CompletableFuture.completedFuture(null);
    }
}
