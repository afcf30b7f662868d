package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QixEngine;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine firewall through the real gateway and tunnel, against the stand-in's engine: what a visitor sends that the
 * embed profile forbids gets its documented answer and never reaches the engine, whatever the spelling or framing.
 */
class EngineTunnelTest {
    private static final String APP = "a1";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static QlikStandIn qlik;
    private static GatewayUnderTest gateway;
    private static WebSocketCoreClient client;
    private WebSocketProbe probe;

    @BeforeAll
    static void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(TestSettings.defaults().with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ALLOWED_APPS, APP).with(SettingKey.ENGINE_MAX_MESSAGE, 4096).build());
        client = WebSocketProbe.newClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        gateway.close();
        qlik.close();
    }

    @BeforeEach
    void open() throws Exception {
        probe = connect(true);
        qlik.webSockets().engine().clear();
    }

    @AfterEach
    void close() {
        probe.close();
    }

    /** A tunnel to the app, in the visitor's own engine session (an identity the kit issued) or the shared one. */
    private static WebSocketProbe connect(boolean ownSession) throws Exception {
        String identity = ownSession ? "/identity/" + IdentityTokens.of(gateway.servletContext())
                .issue(SelectionScope.VISITOR) : "";
        WebSocketProbe opened = WebSocketProbe.connect(client, URI.create(gateway.webSocketUri() + "/qlik/app/" + APP
                + identity), Map.of("Origin", "https://site.example"), List.of(), false).get(10, TimeUnit.SECONDS);
        opened.send(request(1, -1, "OpenDoc", "[\"" + APP + "\"]"));
        assertTrue(opened.next(WAIT).text().contains("\"qType\":\"Doc\",\"qHandle\":1"), "the app opened");
        return opened;
    }

    private static String request(long id, int handle, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"handle\":" + handle + ",\"method\":\"" + method
                + "\",\"params\":" + params + "}";
    }

    private static String denied(long id, String method) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":5,\"parameter\":\"" + method
                + "\",\"message\":\"Access denied\"}}";
    }

    private List<String> engineReceived() {
        return qlik.webSockets().engine().received().stream().map(QixEngine.Received::method).toList();
    }

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("GetScript", 1, "[]"), Arguments.of("getscript", 1, "[]"), Arguments.of("GETSCRIPT", 1, "[]"),
                Arguments.of("SetScript", 1, "[\"LOAD 1 AutoGenerate 1;\"]"), Arguments.of("DoReload", 1, "[0,false,false]"),
                Arguments.of("DoSave", 1, "[]"), Arguments.of("GetTableData", 1, "[0,100,false,\"T\"]"),
                Arguments.of("GetConnections", 1, "[]"), Arguments.of("ExportReducedData", 1, "[{}]"),
                Arguments.of("BulkRequest", 1, "[[{\"qMethod\":\"GetScript\"}]]"), Arguments.of("CreateObject", 1, "[{}]"),
                Arguments.of("GetDocList", -1, "[]"), Arguments.of("CreateApp", -1, "[\"x\"]"),
                Arguments.of("DeleteApp", -1, "[\"" + APP + "\"]"), Arguments.of("CopyApp", -1, "[\"t\",\"" + APP + "\",[]]"),
                Arguments.of("CreateSessionApp", -1, "[]"), Arguments.of("OpenDoc", -1, "[\"other-app\"]"),
                Arguments.of("OpenDoc", -1, "[\"" + APP + "\"]"), Arguments.of("GetLayout", 77, "[]"),
                Arguments.of("ShutdownProcess", -1, "[]"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("forbidden")
    void aForbiddenRequestIsAnsweredWithAccessDeniedAndNeverReachesTheEngine(String method, int handle, String params)
            throws Exception {
        probe.send(request(7, handle, method, params));
        assertEquals(denied(7, method), probe.next(WAIT).text());
        assertEquals(List.of(), engineReceived(), "nothing reached the engine");
        probe.send(request(8, 1, "GetAppLayout", "[]"));
        assertTrue(probe.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":8,\"result\""), "the tunnel goes on");
    }

    @Test
    void anEscapedMethodNameIsJudgedAsDecodedAndForwardedReSerialised() throws Exception {
        probe.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"handle\":1,\"method\":\"\\u0047etScript\",\"params\":[]}");
        assertEquals(denied(9, "GetScript"), probe.next(WAIT).text());
        probe.send("{ \"params\" : [ \"chart-1\" ] , \"method\" : \"Get\\u004fbject\", \"handle\":1, \"id\":10,"
                + " \"jsonrpc\":\"2.0\" }");
        assertTrue(probe.next(WAIT).text().contains("\"qType\":\"GenericObject\""));
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":10,\"handle\":1,\"method\":\"GetObject\",\"params\":[\"chart-1\"]}"),
                qlik.webSockets().engine().received().stream().map(QixEngine.Received::text).toList(),
                "the engine read what the kit judged, re-serialised");
    }

    @Test
    void aRequestSentInFragmentsIsJudgedWhole() throws Exception {
        byte[] bytes = request(11, 1, "GetScript", "[]").getBytes(StandardCharsets.UTF_8);
        probe.sendFragments(OpCode.TEXT, List.of(ByteBuffer.wrap(bytes, 0, 20), ByteBuffer.wrap(bytes, 20, 20),
                ByteBuffer.wrap(bytes, 40, bytes.length - 40)));
        assertEquals(denied(11, "GetScript"), probe.next(WAIT).text());
        assertEquals(List.of(), engineReceived());
    }

    static Stream<Arguments> closing() {
        return Stream.of(
                Arguments.of("a batch", "[" + request(12, 1, "GetAppLayout", "[]") + "]", 1008),
                Arguments.of("duplicate keys", "{\"jsonrpc\":\"2.0\",\"id\":12,\"handle\":1,\"method\":\"GetAppLayout\","
                        + "\"method\":\"GetScript\",\"params\":[]}", 1008),
                Arguments.of("trailing data", request(12, 1, "GetAppLayout", "[]") + request(13, 1, "GetScript", "[]"), 1008),
                Arguments.of("deep nesting", request(12, 1, "GetAppLayout", "[".repeat(100) + "]".repeat(100)), 1008),
                Arguments.of("a huge number", "{\"jsonrpc\":\"2.0\",\"id\":1e99999,\"handle\":1,\"method\":\"GetAppLayout\","
                        + "\"params\":[]}", 1008),
                Arguments.of("not JSON", "GetScript", 1008),
                Arguments.of("too big", request(12, 1, "GetAppLayout", "[\"" + "x".repeat(5000) + "\"]"), 1009));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closing")
    void aMalformedOrOversizedMessageClosesTheTunnelAndNothingReachesTheEngine(String name, String message, int code)
            throws Exception {
        probe.send(message);
        assertEquals(code, probe.closed().get(10, TimeUnit.SECONDS).getCode(), name);
        assertEquals(List.of(), engineReceived(), "nothing reached the engine");
    }

    @Test
    void aBinaryMessageClosesTheTunnelWith1003() throws Exception {
        probe.send(ByteBuffer.wrap(request(14, 1, "GetScript", "[]").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1003, probe.closed().get(10, TimeUnit.SECONDS).getCode());
        assertEquals(List.of(), engineReceived());
    }

    @Test
    void whatViewingNeedsCrosses() throws Exception {
        probe.send(request(20, 1, "GetObject", "[\"chart-1\"]"));
        String object = probe.next(WAIT).text();
        int handle = Integer.parseInt(object.replaceFirst(".*\"qHandle\":(\\d+).*", "$1"));
        for (String method : List.of("GetLayout", "GetHyperCubeData", "SelectHyperCubeValues", "BeginSelections")) {
            probe.send(request(21, handle, method, "[\"/qHyperCubeDef\",[]]"));
            assertTrue(probe.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":21,\"result\""), method);
        }
        assertEquals(List.of("GetObject", "GetLayout", "GetHyperCubeData", "SelectHyperCubeValues", "BeginSelections"),
                engineReceived());
    }
}
