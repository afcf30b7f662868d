package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminKit;
import io.anonkit.testing.Commands;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.TestCertificates;
import io.anonkit.testing.WebSocketProbe;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A TLS front from {@code deploy/}, as shipped but for its lines marked "site:", in a real web server from Debian's
 * packages, ending TLS in front of {@code java -jar}: the kit's protections hold behind it, WebSockets pass, the admin
 * API's same-origin check accepts the public origin, and plain HTTP is redirected. Each front supplies its server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TlsFrontSuite {
    private static final String PASSWORD = "tls-front-admin-password";
    /** Where the front connects to the kit from; the visitors of these tests come from other loopback addresses. */
    private static final String FRONT = "127.0.0.1";

    private Path work;
    private AdminKit running;
    private TestCertificates certificates;
    private int httpsPort;
    private int httpPort;

    /** The front's identity the kit is given: {@code ANONKIT_USER_ID}. */
    abstract String visitor();

    /**
     * Starts the front from its shipped file, listening on loopback at {@code httpsPort} (TLS with {@code pem}, which
     * holds certificate and key) and {@code httpPort} (redirect), forwarding to the kit at {@code kitPort}.
     */
    abstract void startFront(Path work, int httpsPort, int httpPort, int kitPort, Path pem) throws Exception;

    /** Stops the front. */
    abstract void stopFront(Path work) throws Exception;

    /** The server the front runs in. */
    abstract RequiredTool server();

    @BeforeAll
    void start() throws Exception {
        RequiredTool.require(server(), RequiredTool.OPENSSL);
        work = Files.createTempDirectory("anonkit-tls-front");
        httpsPort = freePort();
        httpPort = freePort();
        String publicOrigin = "https://127.0.0.1:" + httpsPort;
        running = AdminKit.start(
                work.resolve("home"),
                PASSWORD,
                Map.of(
                        "ANONKIT_PUBLIC_URL",
                        publicOrigin,
                        "ANONKIT_ALLOWED_HOSTS",
                        "127.0.0.1",
                        "ANONKIT_USER_ID",
                        visitor(),
                        "ANONKIT_COOKIE_SECURE",
                        "always",
                        "ANONKIT_ALLOWED_APPS",
                        "a1",
                        "ANONKIT_TRUSTED_PROXIES",
                        FRONT));
        certificates = TestCertificates.create(work);
        Path pem = work.resolve("site.pem");
        run(List.of(
                "openssl",
                "pkcs12",
                "-in",
                certificates.keyStore().toString(),
                "-nodes",
                "-passin",
                "pass:" + TestCertificates.PASSWORD,
                "-out",
                pem.toString()));
        startFront(work, httpsPort, httpPort, running.kit().baseUri().getPort(), pem);
    }

    @AfterAll
    void stop() throws Exception {
        if (running == null) {
            return;
        }
        try {
            stopFront(work);
        } finally {
            running.close();
        }
    }

    /** {@code text} with its site line {@code line} replaced; fails when the shipped file no longer has it. */
    static String replace(String text, String line, String replacement) {
        assertTrue(text.contains(line), "the shipped front file no longer has the site line " + line);
        return text.replace(line, replacement);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command of the front server; fails on a non-zero exit. */
    static void run(List<String> command) throws Exception {
        Commands.run(Duration.ofSeconds(60), command);
    }

    /** Sends raw request bytes over TLS to the front and answers the whole response. */
    private String https(String request) throws Exception {
        return https("127.0.0.1", request);
    }

    /** Sends raw request bytes over TLS to the front from {@code clientAddress}, and answers the whole response. */
    private String https(String clientAddress, String request) throws Exception {
        SSLContext tls = certificates.clientContext();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory()
                .createSocket(
                        java.net.InetAddress.getByName("127.0.0.1"),
                        httpsPort,
                        java.net.InetAddress.getByName(clientAddress),
                        0)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void behindTheFrontEveryClientIdentityIsStrippedAndOnlyTheKitsReachesQlik() throws Exception {
        QlikStandIn qlik = running.qlik();
        qlik.clear();
        String response = https(
                "127.0.0.2",
                "GET /qlik/resources/a.js HTTP/1.1\r\nHost: 127.0.0.1:" + httpsPort
                        + "\r\nhdr-usr: admin\r\nHDR_USR: admin\r\nHdr-Usr: root\r\n"
                        + "X-Qlik-User: UserDirectory=INTERNAL; UserId=sa_repository\r\n"
                        + "X-Forwarded-For: 10.9.9.9\r\nForwarded: for=10.9.9.9\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        QlikStandIn.Recorded request = qlik.onlyRequest();
        assertEquals(List.of(visitor()), request.values("hdr-usr"));
        assertEquals(List.of("hdr-usr"), request.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), request.namesWithSkeleton("xqlikuser"));
        assertEquals(
                List.of("127.0.0.2"),
                request.values("X-Forwarded-For"),
                "the visitor's address as the trusted front saw it, not what the visitor claimed");
        assertEquals(List.of("127.0.0.1:" + httpsPort), request.values("Host"));
    }

    @Test
    void twoVisitorsBehindTheFrontAreLimitedSeparately() throws Exception {
        assertEquals(
                200,
                running.admin()
                        .change(Map.of("requestsPerSecond", "1", "requestBurst", "2"))
                        .statusCode());
        try {
            String request = "GET /qlik/resources/a.js HTTP/1.1\r\nHost: 127.0.0.1:" + httpsPort
                    + "\r\nConnection: close\r\n\r\n";
            List<String> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(https("127.0.0.2", request).substring(9, 12));
            }
            assertEquals(List.of("200", "200", "429"), first, "one visitor over the rate");
            assertEquals("200", https("127.0.0.3", request).substring(9, 12), "another visitor behind the same front");
        } finally {
            assertEquals(
                    200,
                    running.admin()
                            .change(Map.of("requestsPerSecond", "100", "requestBurst", "400"))
                            .statusCode());
        }
    }

    @Test
    void engineWebSocketsPassTheFrontAndTheKitsTunnel() throws Exception {
        QlikStandIn qlik = running.qlik();
        qlik.clear();
        var client = WebSocketProbe.newClient(certificates.trustStore(), TestCertificates.PASSWORD);
        URI uri = URI.create("wss://127.0.0.1:" + httpsPort + "/qlik/app/a1?qlik-csrf-token=t");
        try (WebSocketProbe probe = WebSocketProbe.connect(
                        client,
                        uri,
                        Map.of("Origin", "https://127.0.0.1:" + httpsPort, "hdr-usr", "admin"),
                        List.of("qix"),
                        false)
                .get(30, TimeUnit.SECONDS)) {
            probe.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}");
            assertTrue(
                    probe.next(Duration.ofSeconds(10)).text().contains("\"qType\":\"Doc\""),
                    "the engine opened the app");
        } finally {
            client.stop();
        }
        QlikStandIn.Recorded handshake = qlik.onlyHandshake();
        assertEquals(List.of(visitor()), handshake.values("hdr-usr"));
        assertEquals(List.of("https://127.0.0.1:" + httpsPort), handshake.values("Origin"));
    }

    @Test
    void theAdminApiTakesChangesFromThePublicOriginAndRefusesOthers() throws Exception {
        String credentials =
                java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String body = "{\"upstream\":\"" + running.qlik().virtualProxy() + "\",\"publicUrl\":\"https://127.0.0.1:"
                + httpsPort + "\",\"allowedHosts\":\"127.0.0.1\",\"userId\":\"" + visitor()
                + "\",\"cookieSecure\":\"always\",\"allowedApps\":\"a1\",\"trustedProxies\":\"" + FRONT + "\"}";
        List<String> statuses = new ArrayList<>();
        for (String origin : new String[] {"https://127.0.0.1:" + httpsPort, "https://evil.example"}) {
            String response = https("PUT /admin/api/settings HTTP/1.1\r\nHost: 127.0.0.1:" + httpsPort
                    + "\r\nAuthorization: Basic " + credentials + "\r\nContent-Type: application/json\r\nOrigin: "
                    + origin
                    + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            statuses.add(response.substring(9, 12));
        }
        assertEquals(List.of("200", "403"), statuses);
    }

    @Test
    void plainHttpIsRedirectedToHttps() throws Exception {
        var connection = (java.net.HttpURLConnection)
                URI.create("http://127.0.0.1:" + httpPort + "/admin/").toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        assertEquals(301, connection.getResponseCode());
        String location = connection.getHeaderField("Location");
        assertTrue(location.startsWith("https://127.0.0.1") && location.endsWith("/admin/"), location);
    }
}
