package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.Eventually;
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
        gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ALLOWED_APPS, APP)
                .with(SettingKey.ENGINE_MAX_MESSAGE, 4096)
                .build());
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
        String identity = ownSession
                ? "/identity/" + IdentityTokens.of(gateway.servletContext()).issue(SelectionScope.VISITOR)
                : "";
        WebSocketProbe opened = WebSocketProbe.connect(
                        client,
                        URI.create(gateway.webSocketUri() + "/qlik/app/" + APP + identity),
                        Map.of("Origin", "https://site.example"),
                        List.of(),
                        false)
                .get(10, TimeUnit.SECONDS);
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
        return qlik.webSockets().engine().received().stream()
                .map(QixEngine.Received::method)
                .toList();
    }

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("GetScript", 1, "[]"),
                Arguments.of("getscript", 1, "[]"),
                Arguments.of("GETSCRIPT", 1, "[]"),
                Arguments.of("SetScript", 1, "[\"LOAD 1 AutoGenerate 1;\"]"),
                Arguments.of("DoReload", 1, "[0,false,false]"),
                Arguments.of("DoSave", 1, "[]"),
                Arguments.of("GetTableData", 1, "[0,100,false,\"T\"]"),
                Arguments.of("GetConnections", 1, "[]"),
                Arguments.of("ExportReducedData", 1, "[{}]"),
                Arguments.of("BulkRequest", 1, "[[{\"qMethod\":\"GetScript\"}]]"),
                Arguments.of("CreateObject", 1, "[{}]"),
                Arguments.of("GetDocList", -1, "[]"),
                Arguments.of("CreateApp", -1, "[\"x\"]"),
                Arguments.of("DeleteApp", -1, "[\"" + APP + "\"]"),
                Arguments.of("CopyApp", -1, "[\"t\",\"" + APP + "\",[]]"),
                Arguments.of("CreateSessionApp", -1, "[]"),
                Arguments.of("OpenDoc", -1, "[\"other-app\"]"),
                Arguments.of("OpenDoc", -1, "[\"" + APP + "\"]"),
                Arguments.of("GetLayout", 77, "[]"),
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
        assertTrue(
                probe.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":8,\"result\""), "the tunnel goes on");
    }

    @Test
    void anEscapedMethodNameIsJudgedAsDecodedAndForwardedReSerialised() throws Exception {
        probe.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"handle\":1,\"method\":\"\\u0047etScript\",\"params\":[]}");
        assertEquals(denied(9, "GetScript"), probe.next(WAIT).text());
        probe.send("{ \"params\" : [ \"chart-1\" ] , \"method\" : \"Get\\u004fbject\", \"handle\":1, \"id\":10,"
                + " \"jsonrpc\":\"2.0\" }");
        assertTrue(probe.next(WAIT).text().contains("\"qType\":\"GenericObject\""));
        assertEquals(
                List.of(
                        "{\"jsonrpc\":\"2.0\",\"id\":10,\"handle\":1,\"method\":\"GetObject\",\"params\":[\"chart-1\"]}"),
                qlik.webSockets().engine().received().stream()
                        .map(QixEngine.Received::text)
                        .toList(),
                "the engine read what the kit judged, re-serialised");
    }

    @Test
    void aRequestSentInFragmentsIsJudgedWhole() throws Exception {
        byte[] bytes = request(11, 1, "GetScript", "[]").getBytes(StandardCharsets.UTF_8);
        probe.sendFragments(
                OpCode.TEXT,
                List.of(
                        ByteBuffer.wrap(bytes, 0, 20),
                        ByteBuffer.wrap(bytes, 20, 20),
                        ByteBuffer.wrap(bytes, 40, bytes.length - 40)));
        assertEquals(denied(11, "GetScript"), probe.next(WAIT).text());
        assertEquals(List.of(), engineReceived());
    }

    static Stream<Arguments> closing() {
        return Stream.of(
                Arguments.of("a batch", "[" + request(12, 1, "GetAppLayout", "[]") + "]", 1008),
                Arguments.of(
                        "duplicate keys",
                        "{\"jsonrpc\":\"2.0\",\"id\":12,\"handle\":1,\"method\":\"GetAppLayout\","
                                + "\"method\":\"GetScript\",\"params\":[]}",
                        1008),
                Arguments.of(
                        "trailing data",
                        request(12, 1, "GetAppLayout", "[]") + request(13, 1, "GetScript", "[]"),
                        1008),
                Arguments.of("deep nesting", request(12, 1, "GetAppLayout", "[".repeat(100) + "]".repeat(100)), 1008),
                Arguments.of(
                        "a huge number",
                        "{\"jsonrpc\":\"2.0\",\"id\":1e99999,\"handle\":1,\"method\":\"GetAppLayout\","
                                + "\"params\":[]}",
                        1008),
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
        assertEquals(
                List.of("GetObject", "GetLayout", "GetHyperCubeData", "SelectHyperCubeValues", "BeginSelections"),
                engineReceived());
    }

    private static String deniedBecause(long id, String method, String why) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":5,\"parameter\":\"" + method
                + "\",\"message\":\"Access denied: " + why + "\"}}";
    }

    private int handleOf(String answer) {
        return Integer.parseInt(answer.replaceFirst(".*\"qHandle\":(\\d+).*", "$1"));
    }

    /** Finding 1: two requests with one id in one write; the engine holds its answers, as a busy engine does. */
    @ParameterizedTest(name = "delta {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aRequestIdStillAwaitingItsAnswerClosesTheTunnelAndTheAppsSheetNeverBecomesTheVisitors(boolean delta)
            throws Exception {
        String flag = delta ? ",\"delta\":true" : "";
        int closedBefore = qlik.webSockets().closeCodes().size();
        qlik.webSockets().engine().hold(true);
        try {
            probe.sendTogether(
                    "{\"jsonrpc\":\"2.0\",\"id\":30,\"handle\":1,\"method\":\"GetObject\",\"params\":[\"sheet-1\"]"
                            + flag + "}",
                    "{\"jsonrpc\":\"2.0\",\"id\":30,\"handle\":1,\"method\":\"CreateSessionVariable\","
                            + "\"params\":[{\"qInfo\":{\"qType\":\"v\"},\"qName\":\"v\",\"qDefinition\":\"1\"}]" + flag
                            + "}");
            assertEquals(1008, probe.closed().get(10, TimeUnit.SECONDS).getCode());
        } finally {
            qlik.webSockets().releaseHeld();
        }
        // The engine reads its connection in order: once it saw the close, it saw every request the kit sent before.
        Eventually.await(
                WAIT,
                "the engine's side closed",
                () -> qlik.webSockets().closeCodes().size() > closedBefore);
        assertEquals(List.of("GetObject"), engineReceived(), "the second request never reached the engine");
    }

    /** Finding 1 in order: answered one after the other, each answer is read for its own request only. */
    @Test
    void anIdUsedAgainAfterItsAnswerIsANewRequestAndTheAppsObjectStaysTheApps() throws Exception {
        probe.send(request(31, 1, "GetObject", "[\"sheet-1\"]"));
        int sheet = handleOf(probe.next(WAIT).text());
        probe.send(request(31, 1, "CreateSessionObject", "[{\"qInfo\":{\"qType\":\"x\"}}]"));
        int own = handleOf(probe.next(WAIT).text());
        probe.send(request(32, sheet, "SetProperties", "[{}]"));
        assertEquals(denied(32, "SetProperties"), probe.next(WAIT).text());
        probe.send(request(33, own, "SetProperties", "[{}]"));
        assertTrue(probe.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":33,\"result\""));
        assertEquals(List.of("GetObject", "CreateSessionObject", "SetProperties"), engineReceived());
    }

    static Stream<Arguments> sessionChanges() {
        return Stream.of(
                Arguments.of("SelectHyperCubeValues", "object", "[\"/qHyperCubeDef\",0,[0],false]"),
                Arguments.of(
                        "ApplyPatches",
                        "object",
                        "[[{\"qOp\":\"replace\",\"qPath\":\"/title\",\"qValue\":\"\\\"x\\\"\"}],true]"),
                Arguments.of("ExpandLeft", "object", "[\"/qHyperCubeDef\",0,0,false]"),
                Arguments.of("CollapseTop", "object", "[\"/qHyperCubeDef\",0,0,false]"),
                Arguments.of("ClearSoftPatches", "object", "[]"),
                Arguments.of("SearchListObjectFor", "object", "[\"/qListObjectDef\",\"a\"]"),
                Arguments.of("AbortListObjectSearch", "object", "[\"/qListObjectDef\"]"),
                Arguments.of("SetFetchLimit", "doc", "[1]"),
                Arguments.of("AbortModal", "doc", "[false]"),
                Arguments.of("ClearAll", "doc", "[]"),
                Arguments.of("RemoveSessionAlternateState", "doc", "[\"s\"]"));
    }

    /** Finding 3 (and 4, whose overflow lands here): the shared engine session is read-only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sessionChanges")
    void inTheSharedEngineSessionNothingThatChangesItCrosses(String method, String on, String params) throws Exception {
        try (WebSocketProbe shared = connect(false)) {
            shared.send(request(40, 1, "GetObject", "[\"chart-1\"]"));
            int chart = handleOf(shared.next(WAIT).text());
            qlik.webSockets().engine().clear();
            shared.send(request(41, on.equals("doc") ? 1 : chart, method, params));
            assertEquals(denied(41, method), shared.next(WAIT).text());
            shared.send(request(42, chart, "GetLayout", "[]"));
            assertTrue(
                    shared.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\""), "viewing works");
            assertEquals(List.of("GetLayout"), engineReceived(), "nothing that changes the session reached the engine");
        }
    }

    static Stream<Arguments> listings() {
        return Stream.of(
                Arguments.of(
                        "variables with the reserved ones",
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qType\":\"VariableList\"},\"qVariableListDef\":{\"qType\":\"variable\",\"qShowReserved\":true}}]",
                        "a qVariableListDef lists what the embed profile does not show"),
                Arguments.of(
                        "hidden fields",
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qType\":\"FieldList\"},\"qFieldListDef\":{\"qShowHidden\":true}}]",
                        "a qFieldListDef with qShowHidden lists what the app hides"),
                Arguments.of(
                        "system fields, key spelled in another case",
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qType\":\"FieldList\"},\"qfieldlistdef\":{\"QSHOWSYSTEM\":1}}]",
                        "a qfieldlistdef with QSHOWSYSTEM lists what the app hides"),
                Arguments.of(
                        "the media library",
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qType\":\"MediaList\"},\"qMediaListDef\":{}}]",
                        "a qMediaListDef lists what the embed profile does not show"),
                Arguments.of(
                        "the app's objects, in a child",
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qType\":\"x\"},\"qChildren\":[{\"qAppObjectListDef\":{\"qType\":\"sheet\"}}]}]",
                        "a qAppObjectListDef lists what the embed profile does not show"),
                Arguments.of(
                        "bookmarks",
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qType\":\"BookmarkList\"},\"qBookmarkListDef\":{\"qType\":\"bookmark\"}}]",
                        "a qBookmarkListDef lists what the embed profile does not show"));
    }

    /** Finding 5: listing definitions follow the methods they amount to. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("listings")
    void aSessionObjectThatListsWhatTheProfileHidesIsRefused(String name, String method, String params, String why)
            throws Exception {
        probe.send(request(50, 1, method, params));
        assertEquals(deniedBecause(50, method, why), probe.next(WAIT).text(), name);
        assertEquals(List.of(), engineReceived(), "nothing reached the engine");
    }

    @Test
    void theSelectionsBarsFieldAndDimensionListsCrossAndASoftPatchCannotShowHiddenFields() throws Exception {
        // As stardust 7.4.0's selections bar creates them (useFieldList.js, useDimenisonList.js).
        probe.send(request(
                51,
                1,
                "CreateSessionObject",
                "[{\"qInfo\":{\"qId\":\"FieldList\",\"qType\":\"FieldList\"},"
                        + "\"qFieldListDef\":{\"qShowSystem\":false,\"qShowHidden\":false,\"qShowSrcTables\":true,"
                        + "\"qShowSemantic\":true,\"qShowDerivedFields\":true}}]"));
        int fields = handleOf(probe.next(WAIT).text());
        probe.send(
                request(
                        52,
                        1,
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qId\":\"DimensionList\",\"qType\":\"DimensionList\"},"
                                + "\"qDimensionListDef\":{\"qType\":\"dimension\",\"qData\":{\"title\":\"/qMetaDef/title\"}}}]"));
        assertTrue(probe.next(WAIT).text().contains("\"qHandle\""));
        probe.send(request(
                53,
                fields,
                "ApplyPatches",
                "[[{\"qOp\":\"replace\",\"qPath\":\"/qFieldListDef/qShowHidden\"," + "\"qValue\":\"true\"}],true]"));
        assertEquals(
                deniedBecause(53, "ApplyPatches", "a qFieldListDef with qShowHidden lists what the app hides"),
                probe.next(WAIT).text());
        assertEquals(List.of("CreateSessionObject", "CreateSessionObject"), engineReceived());
    }

    static Stream<Arguments> expressions() {
        String chart =
                "[{\"qInfo\":{\"qType\":\"barchart\"},\"qHyperCubeDef\":{\"qMeasures\":[{\"qDef\":{\"qDef\":\"%s\"}}]}}]";
        return Stream.of(
                Arguments.of(
                        "Evaluate", "[\"R.ScriptEval('system(\\\"id\\\")')\"]", "R.ScriptEval", "analytic connection"),
                Arguments.of(
                        "EvaluateEx",
                        "[\"sum(Sales) + Py . ScriptEvalStr ( 'x' , Sales )\"]",
                        "Py.ScriptEvalStr",
                        "analytic connection"),
                Arguments.of(
                        "CreateSessionObject",
                        String.format(chart, "r.scripteval('x', Sales)"),
                        "r.scripteval",
                        "analytic connection"),
                Arguments.of(
                        "CreateSessionObject",
                        String.format(chart, "Sum({<Year={\\\"=R./*x*/ScriptEval(1)>0\\\"}>} Sales)"),
                        "R.ScriptEval",
                        "analytic connection"),
                Arguments.of(
                        "CreateSessionObject",
                        String.format(chart, "[SSE].ScriptAggr('x', Sales)"),
                        "SSE.ScriptAggr",
                        "analytic connection"),
                Arguments.of(
                        "CreateSessionObject",
                        "[{\"qInfo\":{\"qType\":\"kpi\"},\"title\":\"=OSUser()\"}]",
                        "OSUser",
                        "system function"),
                Arguments.of(
                        "Evaluate",
                        "[\"GetRegistryString('HKEY_LOCAL_MACHINE\\\\\\\\SOFTWARE', 'x')\"]",
                        "GetRegistryString",
                        "system function"),
                Arguments.of("Evaluate", "[\"computername ()\"]", "computername", "system function"),
                Arguments.of(
                        "CreateSessionVariable",
                        "[{\"qInfo\":{\"qType\":\"v\"},\"qName\":\"v\",\"qDefinition\":\"DocumentPath()\"}]",
                        "DocumentPath",
                        "system function"),
                Arguments.of("Evaluate", "[\"$(='R.Script'&'Eval')('x')\"]", "$(=...)", "computed expansion"),
                Arguments.of("Evaluate", "[\"'$( = OSUser())'\"]", "$(=...)", "computed expansion"));
    }

    /** Finding 6: what an expression may call. */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("expressions")
    void anExpressionThatReachesBeyondTheAppsDataIsRefusedNamingTheFunction(
            String method, String params, String function, String kind) throws Exception {
        probe.send(request(60, 1, method, params));
        String answer = probe.next(WAIT).text();
        assertTrue(
                answer.startsWith("{\"jsonrpc\":\"2.0\",\"id\":60,\"error\":{\"code\":5,\"parameter\":\"" + method
                        + "\",\"message\":\"Access denied: "),
                answer);
        assertTrue(answer.contains(kind.equals("computed expansion") ? "$(=...)" : "calls " + function + " ("), answer);
        assertEquals(List.of(), engineReceived(), "nothing reached the engine");
    }

    @Test
    void aSoftPatchCarryingAnExpressionInItsJsonValueIsReadDecoded() throws Exception {
        probe.send(request(61, 1, "GetObject", "[\"chart-1\"]"));
        int chart = handleOf(probe.next(WAIT).text());
        probe.send(request(
                62,
                chart,
                "ApplyPatches",
                "[[{\"qOp\":\"replace\",\"qPath\":\"/title\"," + "\"qValue\":\"\\\"=ComputerName()\\\"\"}],true]"));
        assertEquals(
                deniedBecause(
                        62,
                        "ApplyPatches",
                        "the expression calls ComputerName (a system function that" + " reveals the server)"),
                probe.next(WAIT).text());
        probe.send(request(
                63,
                chart,
                "ApplyPatches",
                "[[{\"qOp\":\"replace\",\"qPath\":\"/title\","
                        + "\"qValue\":\"\\\"=Sum(Sales) & ' (' & Year & ')'\\\"\"}],true]"));
        assertTrue(
                probe.next(WAIT).text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":63,\"result\""),
                "a plain title crosses");
        assertEquals(List.of("GetObject", "ApplyPatches"), engineReceived());
    }

    @Test
    void openDocIsCheckedWholeAndKeysThatDifferOnlyInCaseCloseTheTunnel() throws Exception {
        String identity =
                "/identity/" + IdentityTokens.of(gateway.servletContext()).issue(SelectionScope.VISITOR);
        for (String params : List.of(
                "[\"" + APP + "\",\"\",\"\",\"\",true]",
                "{\"qDocName\":\"" + APP + "\",\"qNoData\":true}",
                "[\"" + APP + "\",null,null,\"serial\"]",
                "{\"qDocName\":\"" + APP + "\",\"qExtra\":1}")) {
            try (WebSocketProbe fresh = WebSocketProbe.connect(
                            client,
                            URI.create(gateway.webSocketUri() + "/qlik/app/" + APP + identity),
                            Map.of("Origin", "https://site.example"),
                            List.of(),
                            false)
                    .get(10, TimeUnit.SECONDS)) {
                fresh.send(request(70, -1, "OpenDoc", params));
                assertEquals(denied(70, "OpenDoc"), fresh.next(WAIT).text(), params);
                fresh.send(request(71, -1, "OpenDoc", "{\"qDocName\":\"" + APP + "\",\"qdocname\":\"other-app\"}"));
                assertEquals(1008, fresh.closed().get(10, TimeUnit.SECONDS).getCode(), "qDocName and qdocname");
            }
        }
        assertEquals(List.of(), engineReceived(), "no OpenDoc reached the engine");
    }

    /** Finding 7, large answers: an answer over 4 MiB is still read for the handles it closes. */
    @Test
    void aHandleClosedInAnAnswerOverFourMebibytesIsForgotten() throws Exception {
        probe.send(request(80, 1, "CreateSessionObject", "[{\"qInfo\":{\"qType\":\"x\"}}]"));
        int own = handleOf(probe.next(WAIT).text());
        qlik.webSockets().engine().padNextAnswer(5 * 1024 * 1024, List.of(own));
        probe.send(request(81, 1, "GetAppLayout", "[]"));
        String big = probe.next(Duration.ofSeconds(30)).text();
        assertTrue(
                big.length() > 5 * 1024 * 1024 && big.contains("\"close\":[" + own + "]"),
                "the big answer arrived whole");
        qlik.webSockets().engine().clear();
        probe.send(request(82, own, "SetProperties", "[{}]"));
        assertEquals(denied(82, "SetProperties"), probe.next(WAIT).text(), "the closed handle is unknown now");
        assertEquals(List.of(), engineReceived());
    }
}
