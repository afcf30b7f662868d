package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.WebSocketProbe;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unchanged WAR in a real Tomcat 10.1 (started by Cargo from the Maven Central distribution, settings as system
 * properties): health, identity injection against hostile headers, and an engine WebSocket tunnel.
 */
class TomcatIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static QlikStandIn qlik;
    private static URI kit;

    @BeforeAll
    static void start() throws Exception {
        qlik = QlikStandIn.start(Integer.parseInt(System.getProperty("tomcat.standin.port")));
        kit = URI.create(System.getProperty("tomcat.url"));
    }

    @AfterAll
    static void stop() throws Exception {
        qlik.close();
    }

    @Test
    void healthAnswersInTomcat() throws Exception {
        HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(kit.resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("{\"status\":\"UP\",\"identityMode\":\"header-static\""), health.body());
    }

    @Test
    void theFacesDemoPageRendersTheLoaderTagInTomcat() throws Exception {
        HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(kit.resolve("demo.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        String host = "http://" + kit.getAuthority() + "/kit/qlik";
        assertTrue(page.body().contains("<script crossorigin=\"anonymous\" type=\"application/javascript\""
                + " src=\"/kit/anonkit/qlik-embed-web-components/" + io.anonkit.faces.LoaderAsset.VERSION + "/dist/index.js\""),
                page.body());
        assertTrue(page.body().contains(" data-host=\"" + host + "\" data-login-uri=\"" + host + "\""), page.body());
        HttpResponse<String> loader = CLIENT.send(HttpRequest.newBuilder(kit.resolve("anonkit/qlik-embed-web-components/"
                + io.anonkit.faces.LoaderAsset.VERSION + "/dist/index.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, loader.statusCode());
        assertEquals(io.anonkit.faces.AssetCacheFilter.CACHE_CONTROL, loader.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void proxiedRequestCarriesOnlyTheConfiguredIdentity() throws Exception {
        qlik.clear();
        String response;
        try (Socket socket = new Socket(kit.getHost(), kit.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /kit/qlik/qps/user HTTP/1.1\r\nHost: site.example.com\r\nhdr-usr: admin\r\nHDR_USR: admin\r\n"
                    + "X-Qlik-User: UserDirectory=INTERNAL; UserId=sa_repository\r\nX-Forwarded-For: 10.0.0.1\r\n"
                    + "Cookie: JSESSIONID=x; X-Qlik-Session-hdr=stolen\r\nConnection: close, hdr-usr\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.endsWith("{\"userDirectory\":\"PUBLIC\",\"userId\":\"tomcat-visitor\"}"), response);
        assertTrue(!response.contains("X-Qlik-Session"), "no Qlik cookie reaches the browser: " + response);
        QlikStandIn.Recorded request = qlik.onlyRequest();
        assertEquals(List.of("tomcat-visitor"), request.values("hdr-usr"));
        assertEquals(List.of("hdr-usr"), request.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), request.namesWithSkeleton("xqlikuser"));
        assertEquals(List.of("127.0.0.1"), request.values("X-Forwarded-For"));
        assertEquals(List.of("site.example.com"), request.values("Host"));
        String cookie = request.values("Cookie").get(0);
        assertTrue(!cookie.contains("stolen") && !cookie.contains("JSESSIONID"), cookie);
    }

    @Test
    void engineWebSocketIsTunnelledInTomcat() throws Exception {
        qlik.clear();
        var client = WebSocketProbe.newClient();
        URI uri = URI.create("ws://" + kit.getAuthority() + "/kit/qlik/app/a1?xrfkey=0123456789abcdef&qlik-csrf-token=t");
        try (WebSocketProbe probe = WebSocketProbe.connect(client, uri,
                Map.of("Origin", "https://site.example.com", "hdr-usr", "admin", "X-Qlik-User", "UserId=sa_repository"),
                List.of("qix"), false).get(30, TimeUnit.SECONDS)) {
            assertEquals("qix", probe.subprotocol());
            probe.send("{\"method\":\"OpenDoc\"}");
            assertEquals("{\"method\":\"OpenDoc\"}", probe.next(Duration.ofSeconds(10)).text());
            probe.send(java.nio.ByteBuffer.wrap(new byte[70_000]));
            assertEquals(70_000, probe.next(Duration.ofSeconds(10)).binaryBytes());
            probe.send("close:4202");
            assertEquals(4202, probe.closed().get(10, TimeUnit.SECONDS).getCode());
        } finally {
            client.stop();
        }
        QlikStandIn.Recorded handshake = qlik.onlyRequest();
        assertEquals("/hdr/app/a1?xrfkey=0123456789abcdef&qlik-csrf-token=t", handshake.pathQuery());
        assertEquals(List.of("tomcat-visitor"), handshake.values("hdr-usr"));
        assertEquals(List.of(), handshake.namesWithSkeleton("xqlikuser"));
        assertEquals(List.of("https://site.example.com"), handshake.values("Origin"));
    }

    @Test
    void tomcatsRealmGuardsTheAdminApi401WithoutCredentials403WithoutTheRoleAnd200WithIt() throws Exception {
        io.anonkit.testing.AdminClient anonymous = new io.anonkit.testing.AdminClient(kit, null, null);
        io.anonkit.testing.AdminClient viewer = new io.anonkit.testing.AdminClient(kit, "tomcat-viewer", "tomcat-viewer-pw");
        io.anonkit.testing.AdminClient admin = new io.anonkit.testing.AdminClient(kit, "tomcat-admin", "tomcat-admin-pw");
        assertEquals(401, anonymous.get("admin/api/settings").statusCode());
        assertEquals(401, new io.anonkit.testing.AdminClient(kit, "tomcat-admin", "wrong").get("admin/api/settings").statusCode());
        assertEquals(403, viewer.get("admin/api/settings").statusCode());
        assertEquals(403, viewer.send("PUT", "admin/api/settings", "{}", Map.of("Content-Type", "application/json")).statusCode());
        assertEquals("tomcat-visitor", admin.settings().getString("userId"));
        assertEquals(200, admin.get("admin/").statusCode());
        HttpResponse<String> crossSite = admin.send("PUT", "admin/api/settings", "{}", Map.of("Content-Type",
                "application/json", "Origin", "https://evil.example"));
        assertEquals(403, crossSite.statusCode(), crossSite.body());
    }
}
