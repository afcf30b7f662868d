package io.anonkit.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.Eventually;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engine WebSockets through the gateway into the Qlik stand-in: identity, sanitising, relay, close codes, backpressure. */
class WebSocketTunnelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String QUERY =
            "?reloadUri=https%3A%2F%2Fsite.example%2Fsense%2Fapp%2Fa1&xrfkey=0123456789abcdef"
                    + "&qlik-csrf-token=t%2B1%3D";
    private static WebSocketCoreClient client;
    private QlikStandIn qlik;
    private GatewayUnderTest gateway;

    @BeforeAll
    static void startClient() throws Exception {
        client = WebSocketProbe.newClient();
    }

    @AfterAll
    static void stopClient() throws Exception {
        client.stop();
    }

    @BeforeEach
    void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ACCESS_PROFILE, "open")
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        qlik.close();
    }

    private WebSocketProbe open(String path, Map<String, String> headers) throws Exception {
        return WebSocketProbe.connect(client, URI.create(gateway.webSocketUri() + path), headers, List.of(), false)
                .get(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> browserHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Origin", "https://site.example");
        headers.put("User-Agent", "Mozilla/5.0 test");
        return headers;
    }

    private QlikStandIn.Recorded handshake() {
        return qlik.requests().stream()
                .filter(r -> r.pathQuery().contains("/app/"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void echoCarriesExactlyTheInjectedIdentityAndTheQueryByteForByte() throws Exception {
        try (WebSocketProbe probe = open("/qlik/app/a1/identity/v1" + QUERY, browserHeaders())) {
            probe.send("{\"method\":\"OpenDoc\"}");
            assertEquals("{\"method\":\"OpenDoc\"}", probe.next(WAIT).text());
            probe.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(3, probe.next(WAIT).binaryBytes());
        }
        QlikStandIn.Recorded upstream = handshake();
        // Byte for byte, but for the CSRF token: Qlik gets the one of the pooled session the tunnel uses.
        assertEquals(
                "/hdr/app/a1/identity/v1"
                        + QUERY.replace(
                                "qlik-csrf-token=t%2B1%3D",
                                "qlik-csrf-token="
                                        + qlik.csrfTokenOf(
                                                upstream.values("Cookie").get(0).trim())),
                upstream.pathQuery());
        assertEquals(List.of("anonymous"), upstream.values("hdr-usr"));
        assertEquals(List.of("https://site.example"), upstream.values("Origin"));
        assertEquals(List.of("Mozilla/5.0 test"), upstream.values("User-Agent"));
        assertEquals(List.of("127.0.0.1:" + gateway.baseUri().getPort()), upstream.values("Host"));
        assertEquals(1, upstream.values("Cookie").size(), "the pooled session's cookie");
        assertTrue(upstream.values("Cookie").get(0).startsWith(QlikStandIn.SESSION_COOKIE + "="));
    }

    @Test
    void hostileHandshakeHeadersNeverReachTheUpstream() throws Exception {
        Map<String, String> hostile = browserHeaders();
        hostile.put("hdr-usr", "admin");
        hostile.put("HDR_USR", "admin");
        hostile.put("Hdr.Usr", "admin");
        hostile.put("X-Qlik-User", "UserDirectory=INTERNAL; UserId=sa_repository");
        hostile.put("X_Qlik_User", "UserDirectory=INTERNAL; UserId=sa_repository");
        hostile.put("X-Qlik-Security", "Context=ManagementAccess");
        hostile.put("Authorization", "Bearer stolen");
        hostile.put("X-Forwarded-For", "10.0.0.1");
        hostile.put("Forwarded", "for=10.0.0.1");
        hostile.put("X-Real-IP", "10.0.0.1");
        hostile.put("Cookie", "JSESSIONID=site; X-Qlik-Session-hdr=stolen-session");
        hostile.put("X-Custom", "anything");
        try (WebSocketProbe probe = open("/qlik/app/a1" + QUERY, hostile)) {
            probe.send("ping");
            assertEquals("ping", probe.next(WAIT).text());
        }
        QlikStandIn.Recorded upstream = handshake();
        assertEquals(List.of("anonymous"), upstream.values("hdr-usr"), upstream.toString());
        assertEquals(List.of("hdr-usr"), upstream.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), upstream.namesWithSkeleton("xqlikuser"));
        assertEquals(List.of(), upstream.values("X-Qlik-Security"));
        assertEquals(List.of(), upstream.values("Authorization"));
        assertEquals(List.of("127.0.0.1"), upstream.values("X-Forwarded-For"));
        assertEquals(List.of(), upstream.values("Forwarded"));
        assertEquals(List.of(), upstream.values("X-Real-IP"));
        assertEquals(List.of(), upstream.values("X-Custom"), "only allow-listed headers are built");
        String cookie = upstream.values("Cookie").get(0);
        assertTrue(!cookie.contains("JSESSIONID") && !cookie.contains("stolen-session"), cookie);
        Set<String> allowed = Set.of(
                "host",
                "origin",
                "user-agent",
                "cookie",
                "x-forwarded-for",
                "x-forwarded-proto",
                "x-forwarded-host",
                "hdr-usr",
                "upgrade",
                "connection",
                "sec-websocket-key",
                "sec-websocket-version",
                "sec-websocket-extensions",
                "accept-encoding",
                "pragma",
                "cache-control");
        for (var field : upstream.fields()) {
            assertTrue(allowed.contains(field.getLowerCaseName()), "unexpected upstream header " + field);
        }
    }

    @Test
    void subprotocolChosenByQlikIsTheOneTheVisitorGets() throws Exception {
        try (WebSocketProbe probe = WebSocketProbe.connect(
                        client,
                        URI.create(gateway.webSocketUri() + "/qlik/app/a1"),
                        browserHeaders(),
                        List.of("qix-v1", "other"),
                        false)
                .get(10, TimeUnit.SECONDS)) {
            assertEquals("qix-v1", probe.subprotocol());
        }
    }

    @Test
    void refusedUpgradeReachesTheVisitorAsQliksStatus() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> open("/qlik/app/refuse", browserHeaders()));
        assertEquals(403, ((UpgradeException) e.getCause()).getResponseStatusCode());
    }

    @Test
    void unreachableUpstreamGives502() throws Exception {
        qlik.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> open("/qlik/app/a1", browserHeaders()));
        assertEquals(502, ((UpgradeException) e.getCause()).getResponseStatusCode());
    }

    @Test
    void dotSegmentsAreRefusedBeforeAnyUpgrade() throws Exception {
        var response = gateway.raw("GET /qlik/x/../../qlik/../qlik/qrs/about HTTP/1.1\r\nHost: site.example\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nhdr-usr: admin\r\n\r\n");
        assertEquals(400, response.getStatus(), response.getContent());
        assertTrue(
                qlik.requests().stream().noneMatch(r -> r.pathQuery().contains("qrs")),
                qlik.requests().toString());
    }

    @Test
    void malformedHandshakeIsRefusedWith400() throws Exception {
        var response = gateway.raw(
                "GET /qlik/app/a1 HTTP/1.1\r\nHost: site.example\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertEquals(400, response.getStatus());
        assertTrue(response.getContent().contains("Sec-WebSocket-Version: 13"), response.getContent());
        assertTrue(qlik.requests().stream().noneMatch(r -> r.pathQuery().contains("/app/")));
    }

    @Test
    void qlikClosingWithItsOwnCodeClosesTheVisitorWithTheSameCode() throws Exception {
        try (WebSocketProbe probe = open("/qlik/app/a1", browserHeaders())) {
            probe.send("close:4202");
            CloseStatus status = probe.closed().get(10, TimeUnit.SECONDS);
            assertEquals(4202, status.getCode());
        }
    }

    @Test
    void visitorClosingWithACodeClosesQlikWithTheSameCode() throws Exception {
        WebSocketProbe probe = open("/qlik/app/a1", browserHeaders());
        probe.send("hello");
        probe.next(WAIT);
        probe.close(4001);
        probe.closed().get(10, TimeUnit.SECONDS);
        assertEventually(
                () -> qlik.webSockets().closeCodes().contains(4001),
                "Qlik saw " + qlik.webSockets().closeCodes());
    }

    @Test
    void qlikGoingAwayClosesTheVisitorWithTheEnginesTerminatingCodeSoItsClientReopensAtOnce() throws Exception {
        try (WebSocketProbe probe = open("/qlik/app/a1", browserHeaders())) {
            probe.send("hello");
            probe.next(WAIT);
            qlik.close();
            assertEquals(4003, probe.closed().get(10, TimeUnit.SECONDS).getCode());
        }
    }

    @Test
    void aQlikThatNeverAnswersTheCloseIsCutOffSoTheTunnelDoesNotStay() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.anonkit.testing.LiveObjects.available(), "needs Linux's /proc and the JDK's jcmd");
        long self = ProcessHandle.current().pid();
        // Tunnels of earlier tests may still be on their way out: count once their number stopped changing.
        long tunnelsBefore = settledCount(self, Tunnel.class);
        long connectionsBefore = settledCount(self, UpstreamSide.class);
        try (WebSocketProbe probe = open("/qlik/app/a1", browserHeaders())) {
            probe.send("deaf");
            probe.close(1000);
            probe.closed().get(10, TimeUnit.SECONDS);
        }
        // Qlik reads nothing more, so the kit's close to it is never answered: without the close wait Jetty would keep
        // the connection to Qlik until its idle timeout (10 min in the stand-in); the kit cuts it off after the wait.
        // (Whether it is still there right after the close depends on how fast the count runs, so that is not asked.)
        assertTrue(
                countFallsTo(self, UpstreamSide.class, connectionsBefore),
                "Qlik's side cut off after " + Tunnel.UPSTREAM_CLOSE_WAIT);
        assertTrue(countFallsTo(self, Tunnel.class, tunnelsBefore), "the tunnel is released");
    }

    private static long settledCount(long pid, Class<?> type) throws Exception {
        long count = io.anonkit.testing.LiveObjects.count(pid, type.getName());
        for (long again = -1; again != count; ) {
            again = count;
            Thread.sleep(500);
            count = io.anonkit.testing.LiveObjects.count(pid, type.getName());
        }
        return count;
    }

    private static boolean countFallsTo(long pid, Class<?> type, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long live = io.anonkit.testing.LiveObjects.count(pid, type.getName());
        while (live > expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            live = io.anonkit.testing.LiveObjects.count(pid, type.getName());
        }
        return live <= expected;
    }

    @Test
    void idleTunnelIsClosedOnBothSides() throws Exception {
        gateway.store()
                .replace(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ACCESS_PROFILE, "open")
                        .with(SettingKey.WEBSOCKET_IDLE_TIMEOUT, "1s")
                        .build());
        try (WebSocketProbe probe = open("/qlik/app/a1", browserHeaders())) {
            assertEquals(1001, probe.closed().get(10, TimeUnit.SECONDS).getCode());
            assertEventually(() -> qlik.webSockets().open() == 0, "Qlik's side is closed too");
        }
    }

    @Test
    void largeFragmentedTextSurvivesSplitCodePoints() throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < 300_000) {
            text.append("é€😀a");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        List<ByteBuffer> fragments = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += 7_777) {
            fragments.add(ByteBuffer.wrap(bytes, offset, Math.min(7_777, bytes.length - offset))
                    .slice());
        }
        try (WebSocketProbe probe = open("/qlik/app/a1", browserHeaders())) {
            probe.sendFragments(OpCode.TEXT, fragments);
            String echoed = probe.next(WAIT).text();
            int mismatch = 0;
            while (mismatch < Math.min(echoed.length(), text.length())
                    && echoed.charAt(mismatch) == text.charAt(mismatch)) {
                mismatch++;
            }
            assertEquals(text.length(), echoed.length(), "first difference at " + mismatch);
            assertEquals(text.length(), mismatch, "first difference at " + mismatch);
        }
    }

    @Test
    void slowVisitorHoldsQlikBackInsteadOfFillingTheKit() throws Exception {
        int messages = 4096;
        int size = 64 * 1024;
        try (WebSocketProbe paused = WebSocketProbe.connect(
                        client, URI.create(gateway.webSocketUri() + "/qlik/app/a2"), browserHeaders(), List.of(), true)
                .get(10, TimeUnit.SECONDS)) {
            long before = qlik.webSockets().pushed();
            paused.send("push:" + messages + ":" + size);
            Thread.sleep(2_000);
            long stalled = qlik.webSockets().pushed() - before;
            assertTrue(
                    stalled < 32L * 1024 * 1024,
                    "with the visitor not reading, Qlik could push only socket buffers"
                            + " and a frame, not all 256 MiB: pushed " + stalled);
            paused.resume();
            for (int i = 0; i < messages; i++) {
                assertEquals(size, paused.next(WAIT).binaryBytes());
            }
        }
    }

    private static void assertEventually(Eventually.Condition condition, String message) throws Exception {
        Eventually.await(Duration.ofSeconds(10), message, condition);
    }
}
