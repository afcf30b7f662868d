package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.NginxServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RawHttp;
import io.anonkit.testing.RequiredTool;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/nginx/reference-gateway.conf}, the hand-configured nginx the benchmark compares the kit with, in
 * Debian's nginx in front of the Qlik stand-in: it must really do the same strip-and-inject job, or the comparison
 * would flatter it.
 */
class ReferenceGatewayIT {
    private static QlikStandIn qlik;
    private static NginxServer nginx;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(RequiredTool.NGINX);
        qlik = QlikStandIn.start();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String site = Files.readString(Path.of("deploy", "nginx", "reference-gateway.conf"));
        site = TlsFrontSuite.replace(
                site,
                "server 127.0.0.1:4243;",
                "server 127.0.0.1:" + qlik.virtualProxy().getPort() + ";");
        site = TlsFrontSuite.replace(site, "listen 127.0.0.1:8081;", "listen 127.0.0.1:" + port + ";");
        nginx = NginxServer.start(Files.createTempDirectory("anonkit-reference-gateway"), site);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            if (qlik != null) {
                qlik.close();
            }
        }
    }

    @Test
    void everyClientSpellingIsDroppedAndOneIdentityInjected() throws Exception {
        qlik.clear();
        String response = RawHttp.exchange(
                "127.0.0.1",
                port,
                "GET /qlik/qps/user?x=1 HTTP/1.1\r\nHost: site.example.com\r\nhdr-usr: admin\r\n"
                        + "HDR_USR: admin\r\nHdr-Usr: root\r\nhdr.usr: admin\r\nhdr~usr: admin\r\n"
                        + "X-Qlik-User: UserDirectory=INTERNAL; UserId=sa_repository\r\nx_qlik_user: UserId=sa\r\n"
                        + "X-Forwarded-For: 10.9.9.9\r\nForwarded: for=10.9.9.9\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.endsWith("{\"userDirectory\":\"PUBLIC\",\"userId\":\"anonymous\"}"), response);
        QlikStandIn.Recorded request = qlik.onlyRequest();
        assertEquals("/hdr/qps/user?x=1", request.pathQuery());
        assertEquals(List.of("anonymous"), request.values("hdr-usr"));
        assertEquals(List.of("hdr-usr"), request.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), request.namesWithSkeleton("xqlikuser"));
        assertEquals(List.of("127.0.0.1"), request.values("X-Forwarded-For"));
        assertEquals(List.of(), request.values("Forwarded"));
        assertEquals(List.of("site.example.com"), request.values("Host"));
    }
}
