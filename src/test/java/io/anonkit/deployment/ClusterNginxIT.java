package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.NginxServer;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.TestCertificates;
import io.anonkit.testing.WebSocketProbe;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/nginx/qlik-anon-kit-cluster.conf} in place of the upstream block of {@code qlik-anon-kit.conf}, in
 * Debian's nginx, in front of three {@code java -jar} nodes that share one PostgreSQL database: round robin without
 * sticky sessions, one budget of Qlik sessions, and a node that dies without a visitor noticing.
 */
class ClusterNginxIT {
    private static final String UPSTREAM_BLOCK_START = "upstream qlik_anon_kit {";

    @TempDir
    static Path work;

    private static PostgresServer database;
    private static QlikStandIn qlik;
    private static final List<KitProcess> nodes = new ArrayList<>();
    private static NginxServer nginx;
    private static TestCertificates certificates;
    private static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(RequiredTool.NGINX, RequiredTool.OPENSSL, RequiredTool.POSTGRESQL);
        database = PostgresServer.start();
        qlik = QlikStandIn.start();
        httpsPort = freePort();
        String cluster = Files.readString(Path.of("deploy", "nginx", "qlik-anon-kit-cluster.conf"));
        List<String> shippedServers =
                List.of("server 10.0.0.11:8080", "server 10.0.0.12:8080", "server 10.0.0.13:8080");
        for (int i = 0; i < 3; i++) {
            int port = freePort();
            Map<String, String> environment = new HashMap<>(Map.of(
                    "ANONKIT_UPSTREAM",
                    qlik.virtualProxy().toString(),
                    "ANONKIT_PUBLIC_URL",
                    "https://127.0.0.1:" + httpsPort,
                    "ANONKIT_ALLOWED_HOSTS",
                    "127.0.0.1",
                    "ANONKIT_ALLOWED_APPS",
                    "a1",
                    "ANONKIT_TRUSTED_PROXIES",
                    "127.0.0.1",
                    "ANONKIT_DATABASE_URL",
                    database.jdbcUrl(),
                    "ANONKIT_DATABASE_USER",
                    PostgresServer.USER));
            environment.put("ANONKIT_PORT", Integer.toString(port));
            nodes.add(KitProcess.start(work.resolve("node" + i), environment));
            cluster = TlsFrontSuite.replace(cluster, shippedServers.get(i), "server 127.0.0.1:" + port);
        }
        String site = Files.readString(Path.of("deploy", "nginx", "qlik-anon-kit.conf"));
        int blockStart = site.indexOf(UPSTREAM_BLOCK_START);
        int blockEnd = site.indexOf('}', blockStart) + 1;
        int clusterBlock = cluster.indexOf(UPSTREAM_BLOCK_START);
        site = site.substring(0, blockStart)
                + cluster.substring(clusterBlock, cluster.indexOf('}', clusterBlock) + 1)
                + site.substring(blockEnd);
        site = TlsFrontSuite.replace(site, "listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;");
        site = TlsFrontSuite.replace(site, "listen 80;", "listen 127.0.0.1:" + freePort() + ";");
        certificates = TestCertificates.create(work);
        Path pem = work.resolve("site.pem");
        TlsFrontSuite.run(List.of(
                "openssl",
                "pkcs12",
                "-in",
                certificates.keyStore().toString(),
                "-nodes",
                "-passin",
                "pass:" + TestCertificates.PASSWORD,
                "-out",
                pem.toString()));
        site = TlsFrontSuite.replace(site, "/etc/ssl/certs/www.example.com.pem", pem.toString());
        site = TlsFrontSuite.replace(site, "/etc/ssl/private/www.example.com.key", pem.toString());
        // For the test only: which node answered.
        site = TlsFrontSuite.replace(
                site,
                "proxy_pass http://qlik_anon_kit;",
                "proxy_pass http://qlik_anon_kit;\n        add_header X-Test-Node $upstream_addr always;");
        Files.createDirectories(work.resolve("nginx"));
        nginx = NginxServer.start(work.resolve("nginx"), site);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {nginx, qlik, database}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        for (KitProcess node : nodes) {
            node.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpClient https() throws Exception {
        return HttpClient.newBuilder()
                .sslContext(certificates.clientContext())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Sends {@code count} cookieless page requests through nginx; answers the nodes that served them. */
    private static Set<String> pages(HttpClient client, int count) throws Exception {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> page = client.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/qlik/resources/hub.js"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.headers().allValues("Set-Cookie").isEmpty(), "Qlik's cookies stay in the kit");
            String node = page.headers().firstValue("X-Test-Node").orElseThrow();
            servedBy.add(node.substring(node.lastIndexOf(' ') + 1));
        }
        return servedBy;
    }

    @Test
    void roundRobinOverThreeNodesSharesFiveSessionsAndSurvivesANodeThatDies() throws Exception {
        HttpClient client = https();
        Set<String> servedBy = pages(client, 60);
        assertEquals(3, servedBy.size(), "round robin reached every node: " + servedBy);
        assertTrue(qlik.sessionsOpened() <= 5, "Qlik sessions for three nodes: " + qlik.sessionsOpened());

        WebSocketCoreClient webSockets = WebSocketProbe.newClient(certificates.trustStore(), TestCertificates.PASSWORD);
        try {
            for (int i = 0; i < 6; i++) {
                URI engine =
                        URI.create("wss://127.0.0.1:" + httpsPort + "/qlik/app/a1?qlik-csrf-token=the-visitors-own");
                try (WebSocketProbe probe = WebSocketProbe.connect(
                                webSockets,
                                engine,
                                Map.of("Origin", "https://127.0.0.1:" + httpsPort),
                                List.of("qix"),
                                false)
                        .get(30, TimeUnit.SECONDS)) {
                    probe.send(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}");
                    assertTrue(probe.next(Duration.ofSeconds(10)).text().contains("\"qType\":\"Doc\""));
                }
            }
        } finally {
            webSockets.stop();
        }
        assertEquals(0, qlik.csrfRefusals(), "every engine WebSocket carried its session's token");

        int opened = qlik.sessionsOpened();
        nodes.get(0).kill();
        Set<String> afterLoss = pages(client, 30);
        assertEquals(2, afterLoss.size(), "the two others serve: " + afterLoss);
        assertEquals(opened, qlik.sessionsOpened(), "the loss of a node opened no Qlik session");
        assertTrue(qlik.liveSessions() <= 5);
    }
}
