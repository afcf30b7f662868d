package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact headers Qlik receives, in order, for a visitor's request, an engine handshake and the kit's own opening of
 * a pooled session, in each identity mode: a change to any of them shows here first. Ports and the proxy's host name
 * are replaced by placeholders.
 */
class UpstreamHeadersGoldenTest {
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

    private String lines(QlikStandIn.Recorded recorded) throws Exception {
        String via = java.net.InetAddress.getLocalHost().getHostName();
        return recorded.method() + " " + recorded.pathQuery().replaceAll("csrf-[0-9a-f]+", "csrf-TOKEN") + "\n"
                + recorded.fields().stream()
                        .map(f -> f.getName() + ": " + f.getValue())
                        .filter(line -> !line.startsWith("Sec-WebSocket-Key:"))
                        .map(line -> line.replace(":" + qlik.virtualProxy().getPort(), ":QLIK")
                                .replace(":" + gateway.baseUri().getPort(), ":KIT")
                                .replace(" " + via, " VIAHOST")
                                .replaceAll("X-Qlik-Session-hdr=[0-9a-f-]+", "X-Qlik-Session-hdr=SESSION"))
                        .map(line -> line.replaceAll("csrf-[0-9a-f]+", "csrf-TOKEN"))
                        .collect(Collectors.joining("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"header-static", "header-dynamic", "x-qlik-user", "none"})
    void aVisitorRequestAHandshakeAndASessionOpeningCarryExactlyTheseHeaders(String mode) throws Exception {
        gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ACCESS_PROFILE, "open")
                .with(SettingKey.IDENTITY_MODE, mode)
                .build());
        // A proxied request, then the same visitor headers on a static route, which the asset cache fills itself.
        for (String path : List.of("/qlik/hub/hub.js?x=1", "/qlik/resources/hub.js?x=1")) {
            String answer = gateway.raw(
                    "GET " + path + " HTTP/1.1\r\nHost: kit.example\r\n"
                            + "User-Agent: golden\r\nAccept: */*\r\nAccept-Encoding: gzip, br\r\nAccept-Language: sv\r\n"
                            + "Cookie: other=1\r\nhdr-usr: forged\r\nX-Qlik-User: UserDirectory=X; UserId=forged\r\n"
                            + "X-Custom: kept\r\nVia: 1.1 front\r\nConnection: close\r\n\r\n",
                    1);
            assertEquals(true, answer.startsWith("HTTP/1.1 200"), answer);
        }
        WebSocketCoreClient client = WebSocketProbe.newClient();
        try (WebSocketProbe probe = WebSocketProbe.connect(
                        client,
                        URI.create(gateway.webSocketUri() + "/qlik/app/a1"),
                        Map.of(
                                "Origin",
                                "https://site.example.com",
                                "User-Agent",
                                "golden",
                                "Accept-Language",
                                "sv",
                                "Cookie",
                                "other=1",
                                "hdr-usr",
                                "forged",
                                "X-Custom",
                                "dropped"),
                        List.of(),
                        false)
                .get(10, TimeUnit.SECONDS)) {
            probe.send("{}");
            probe.next(java.time.Duration.ofSeconds(10));
        } finally {
            client.stop();
        }
        List<QlikStandIn.Recorded> recorded = new java.util.ArrayList<>(qlik.sessionOpenings());
        recorded.addAll(qlik.requests());
        String all = recorded.stream()
                .map(r -> {
                    try {
                        return lines(r);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.joining("\n\n"));
        assertEquals(golden(mode), all);
    }

    /**
     * What Qlik receives with an identity (its header in place of {@code IDENTITY}): the session openings (two of the
     * HTTP pool, which spreads the two requests over its sessions, and the engine pool's), the visitor's proxied request,
     * the asset cache's fill for the same visitor's request of a static route (nothing of the visitor's but the key's
     * parts), the kit's CSRF token fetch and the engine handshake.
     */
    private static final String WITH_IDENTITY = """
            GET /hdr/qps/user
            Accept-Encoding: gzip
            Host: kit.example
            IDENTITY

            GET /hdr/qps/user
            Accept-Encoding: gzip
            Host: kit.example
            IDENTITY

            GET /hdr/qps/user
            Accept-Encoding: gzip
            Host: 127.0.0.1:KIT
            IDENTITY

            GET /hdr/hub/hub.js?x=1
            User-Agent: golden
            Accept: */*
            Accept-Encoding: gzip, br
            Accept-Language: sv
            X-Custom: kept
            Via: 1.1 front, 1.1 VIAHOST
            Cookie: X-Qlik-Session-hdr=SESSION
            Host: kit.example
            X-Forwarded-For: 0.0.0.0
            X-Forwarded-Proto: http
            X-Forwarded-Host: kit.example
            IDENTITY

            GET /hdr/resources/hub.js?x=1
            Cookie: X-Qlik-Session-hdr=SESSION
            Host: kit.example
            Accept: */*
            Accept-Encoding: br, gzip
            X-Forwarded-For: 0.0.0.0
            X-Forwarded-Proto: http
            X-Forwarded-Host: kit.example
            IDENTITY
            Via: 1.1 VIAHOST

            GET /hdr/qps/csrftoken
            Accept-Encoding: gzip
            Host: 127.0.0.1:KIT
            IDENTITY
            Cookie: X-Qlik-Session-hdr=SESSION

            GET /hdr/app/a1?qlik-csrf-token=csrf-TOKEN
            Accept-Encoding: gzip
            Origin: https://site.example.com
            User-Agent: golden
            Accept-Language: sv
            Cookie: X-Qlik-Session-hdr=SESSION
            Host: 127.0.0.1:KIT
            X-Forwarded-For: 127.0.0.1
            X-Forwarded-Proto: http
            X-Forwarded-Host: 127.0.0.1:KIT
            IDENTITY
            Sec-WebSocket-Version: 13
            Upgrade: websocket
            Pragma: no-cache
            Cache-Control: no-cache
            Connection: Upgrade""";

    /**
     * What Qlik receives in the {@code none} mode: no identity, no pooled session (so no asset cache either: both
     * requests are proxied), none of the kit's own requests.
     */
    private static final String WITHOUT_IDENTITY = """
            GET /hdr/hub/hub.js?x=1
            User-Agent: golden
            Accept: */*
            Accept-Encoding: gzip, br
            Accept-Language: sv
            X-Custom: kept
            Via: 1.1 front, 1.1 VIAHOST
            Host: kit.example
            X-Forwarded-For: 0.0.0.0
            X-Forwarded-Proto: http
            X-Forwarded-Host: kit.example

            GET /hdr/resources/hub.js?x=1
            User-Agent: golden
            Accept: */*
            Accept-Encoding: gzip, br
            Accept-Language: sv
            X-Custom: kept
            Via: 1.1 front, 1.1 VIAHOST
            Host: kit.example
            X-Forwarded-For: 0.0.0.0
            X-Forwarded-Proto: http
            X-Forwarded-Host: kit.example

            GET /hdr/app/a1
            Accept-Encoding: gzip
            Origin: https://site.example.com
            User-Agent: golden
            Accept-Language: sv
            Host: 127.0.0.1:KIT
            X-Forwarded-For: 127.0.0.1
            X-Forwarded-Proto: http
            X-Forwarded-Host: 127.0.0.1:KIT
            Sec-WebSocket-Version: 13
            Upgrade: websocket
            Pragma: no-cache
            Cache-Control: no-cache
            Connection: Upgrade""";

    private static String golden(String mode) {
        return switch (mode) {
            case "header-static" -> WITH_IDENTITY.replace("IDENTITY", "hdr-usr: anonymous");
            case "header-dynamic" -> WITH_IDENTITY.replace("IDENTITY", "hdr-usr: PUBLIC\\anonymous");
            case "x-qlik-user" ->
                WITH_IDENTITY.replace("IDENTITY", "X-Qlik-User: UserDirectory=PUBLIC; UserId=anonymous");
            case "none" -> WITHOUT_IDENTITY;
            default -> throw new IllegalArgumentException(mode);
        };
    }
}
