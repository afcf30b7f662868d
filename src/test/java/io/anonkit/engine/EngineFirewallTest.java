package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.http.AccessMonitor;
import io.anonkit.http.RefusalReason;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.TestSettings;
import io.anonkit.tunnel.MessageInspector.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One tunnel's engine firewall, message by message, with the engine's answers played back to it: what crosses, what is
 * answered with access denied, and what ends the tunnel.
 */
class EngineFirewallTest {
    private static final String APP = "app-1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final AccessMonitor monitor = new AccessMonitor(CLOCK);

    /** A firewall whose tunnel has an identity of its own, or none in the shared selection scope. */
    private EngineFirewall firewall(TestSettings settings) {
        io.anonkit.settings.Settings built = settings.build();
        return firewall(
                built, built.sessions().selectionScope() == io.anonkit.settings.SessionSettings.SelectionScope.SHARED);
    }

    private EngineFirewall firewall(io.anonkit.settings.Settings settings, boolean sharedSession) {
        return new EngineFirewall(settings, new EngineTunnel(APP, sharedSession), "198.51.100.1", monitor, CLOCK);
    }

    private EngineFirewall firewall() {
        return firewall(TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP));
    }

    private static String request(long id, int handle, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"handle\":" + handle + ",\"method\":\"" + method
                + "\",\"params\":" + params + "}";
    }

    private static String object(long id, String type, int handle, String genericId) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"qReturn\":{\"qType\":\"" + type + "\",\"qHandle\":"
                + handle + ",\"qGenericId\":\"" + genericId + "\"}}}";
    }

    /** A firewall whose tunnel has opened the app (handle 1) and got an app object (handle 2) and a session object (3). */
    private EngineFirewall opened(EngineFirewall firewall) {
        assertInstanceOf(
                Decision.Forward.class, firewall.visitorMessage(request(1, -1, "OpenDoc", "[\"" + APP + "\"]")));
        firewall.engineMessage(object(1, "Doc", 1, ""));
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(2, 1, "GetObject", "[\"chart-1\"]")));
        firewall.engineMessage(object(2, "GenericObject", 2, "chart-1"));
        assertInstanceOf(
                Decision.Forward.class,
                firewall.visitorMessage(
                        request(3, 1, "CreateSessionObject", "[{\"qInfo\":{\"qType\":\"barchart\"}}]")));
        firewall.engineMessage(object(3, "GenericObject", 3, "session-1"));
        return firewall;
    }

    private static String denied(long id, String method) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":5,\"parameter\":\"" + method
                + "\",\"message\":\"Access denied\"}}";
    }

    private static void assertDenied(Decision decision, long id, String method) {
        assertEquals(new Decision.Answer(denied(id, method)), decision);
    }

    @Test
    void theLogNamesTheRuleBehindARefusalButNeverTheContentThatWasRefused() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(AccessMonitor.class.getName());
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            EngineFirewall firewall = opened(firewall());
            assertDenied(firewall.visitorMessage(request(20, 1, "GetScript", "[]")), 20, "GetScript");
            assertTrue(
                    lines.stream().anyMatch(line -> line.startsWith("refused 'QIX' 'Doc.GetScript' (engine: '")),
                    lines.toString());
            // A refusal for what a request carries: its kind is logged, the visitor's text is not. A new monitor, whose
            // log is not yet rate-limited.
            lines.clear();
            EngineFirewall fresh = opened(new EngineFirewall(
                    TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP).build(),
                    new EngineTunnel(APP, false),
                    "198.51.100.1",
                    new AccessMonitor(CLOCK),
                    CLOCK));
            assertInstanceOf(
                    Decision.Answer.class,
                    fresh.visitorMessage(
                            request(
                                    22,
                                    3,
                                    "SetProperties",
                                    "[{\"qInfo\":{\"qType\":\"x\"},\"m\":{\"qStringExpression\":\"=EvilConnection.ScriptEval(1)\"}}]")));
            assertTrue(lines.stream().anyMatch(line -> line.contains("analytic connection")), lines.toString());
            assertTrue(lines.stream().noneMatch(line -> line.contains("EvilConnection")), lines.toString());
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void viewingMethodsCrossReSerialisedAndForbiddenOnesAreAnsweredWithAccessDenied() {
        EngineFirewall firewall = opened(firewall());
        assertEquals(
                new Decision.Forward("{\"jsonrpc\":\"2.0\",\"id\":10,\"handle\":2,\"method\":\"GetLayout\","
                        + "\"params\":[],\"delta\":true}"),
                firewall.visitorMessage(
                        "{ \"delta\" : true, \"method\":\"GetLayout\",\"handle\":2, \"params\":[],\"id\":10,\"jsonrpc\":\"2.0\"}"));
        assertInstanceOf(
                Decision.Forward.class,
                firewall.visitorMessage(request(
                        11,
                        2,
                        "GetHyperCubeData",
                        "[\"/qHyperCubeDef\",[{\"qTop\":0,\"qLeft\":0,\"qWidth\":2,\"qHeight\":50}]]")));
        assertInstanceOf(
                Decision.Forward.class,
                firewall.visitorMessage(request(12, 2, "SelectHyperCubeValues", "[\"/qHyperCubeDef\",0,[1],true]")));
        for (String method : new String[] {
            "GetScript",
            "SetScript",
            "DoReload",
            "DoSave",
            "GetTableData",
            "GetConnections",
            "CreateObject",
            "DestroyObject",
            "ExportReducedData",
            "BulkRequest",
            "GetObjects"
        }) {
            assertDenied(firewall.visitorMessage(request(20, 1, method, "[]")), 20, method);
        }
        for (String method : new String[] {
            "GetDocList",
            "CreateApp",
            "DeleteApp",
            "CopyApp",
            "CreateSessionApp",
            "GetStreamList",
            "ShutdownProcess",
            "GetInteract"
        }) {
            assertDenied(firewall.visitorMessage(request(21, -1, method, "[]")), 21, method);
        }
        assertDenied(
                firewall.visitorMessage(request(22, 2, "ExportData", "[\"OOXML\",\"/qHyperCubeDef\"]")),
                22,
                "ExportData");
        assertEquals(20L, monitor.refused().get(RefusalReason.ENGINE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"getscript", "GETSCRIPT", "gEtScRiPt"})
    void methodNamesAreJudgedIgnoringCase(String method) {
        assertDenied(opened(firewall()).visitorMessage(request(30, 1, method, "[]")), 30, method);
    }

    @Test
    void escapesInTheMethodNameAreDecodedBeforeTheVerdict() {
        assertDenied(
                opened(firewall())
                        .visitorMessage("{\"jsonrpc\":\"2.0\",\"id\":31,\"handle\":1,"
                                + "\"method\":\"\\u0047et\\u0053cript\",\"params\":[]}"),
                31,
                "GetScript");
    }

    @Test
    void onlyTheTunnelsAppOpensAndOnlyOnce() {
        assertDenied(firewall().visitorMessage(request(1, -1, "OpenDoc", "[\"other-app\"]")), 1, "OpenDoc");
        assertDenied(
                firewall().visitorMessage(request(1, -1, "OpenDoc", "{\"qDocName\":\"other-app\"}")), 1, "OpenDoc");
        assertDenied(
                firewall().visitorMessage(request(1, -1, "OpenDoc", "[\"" + APP + "\",\"admin\",\"secret\"]")),
                1,
                "OpenDoc");
        assertDenied(firewall().visitorMessage(request(1, -1, "OpenDoc", "[]")), 1, "OpenDoc");
        assertInstanceOf(
                Decision.Forward.class,
                firewall()
                        .visitorMessage(request(
                                1,
                                -1,
                                "OpenDoc",
                                "{\"qDocName\":\"" + APP + "\",\"qUserName\":\"\",\"qNoData\":false}")));
        assertDenied(opened(firewall()).visitorMessage(request(40, -1, "OpenDoc", "[\"" + APP + "\"]")), 40, "OpenDoc");
    }

    @Test
    void aHandleTheEngineDidNotGiveOrHasClosedIsRefused() {
        EngineFirewall firewall = opened(firewall());
        assertDenied(firewall.visitorMessage(request(50, 99, "GetLayout", "[]")), 50, "GetLayout");
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"close\":[2],\"change\":[]}");
        assertDenied(firewall.visitorMessage(request(51, 2, "GetLayout", "[]")), 51, "GetLayout");
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(52, 3, "GetLayout", "[]")));
    }

    @Test
    void handlesAreReadFromDeltaAnswersAsTheClientsPatchThem() {
        EngineFirewall firewall = firewall();
        firewall.visitorMessage(request(1, -1, "OpenDoc", "[\"" + APP + "\"]"));
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"add\","
                + "\"path\":\"/\",\"value\":{\"qType\":\"Doc\",\"qHandle\":1}}]}}");
        firewall.visitorMessage(request(2, 1, "GetObject", "[\"a\"]"));
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"id\":2,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"add\","
                + "\"path\":\"/\",\"value\":{\"qType\":\"GenericObject\",\"qHandle\":2,\"qGenericId\":\"a\"}}]}}");
        firewall.visitorMessage(request(3, 1, "GetObject", "[\"b\"]"));
        // The second answer of the same handle and method is a diff of the first.
        firewall.engineMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"replace\","
                        + "\"path\":\"/qHandle\",\"value\":5},{\"op\":\"replace\",\"path\":\"/qGenericId\",\"value\":\"b\"}]}}");
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(4, 5, "GetLayout", "[]")));
        assertDenied(firewall.visitorMessage(request(5, 5, "ExportData", "[]")), 5, "ExportData");
    }

    @Test
    void onlySessionObjectsChangeAndOnlySoftPatchesApply() {
        EngineFirewall firewall = opened(firewall());
        assertDenied(firewall.visitorMessage(request(60, 2, "SetProperties", "[{}]")), 60, "SetProperties");
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(61, 3, "SetProperties", "[{}]")));
        assertDenied(firewall.visitorMessage(request(62, 2, "ApplyPatches", "[[],false]")), 62, "ApplyPatches");
        assertDenied(firewall.visitorMessage(request(63, 2, "ApplyPatches", "[[]]")), 63, "ApplyPatches");
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(64, 2, "ApplyPatches", "[[],true]")));
        assertInstanceOf(
                Decision.Forward.class,
                firewall.visitorMessage(request(65, 2, "ApplyPatches", "{\"qPatches\":[],\"qSoftPatch\":true}")));
    }

    @Test
    void inTheSharedScopeSelectionsAreRefusedUnlessAllowed() {
        TestSettings shared =
                TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP).with(SettingKey.SELECTION_SCOPE, "shared");
        assertDenied(
                opened(firewall(shared)).visitorMessage(request(70, 2, "SelectHyperCubeValues", "[]")),
                70,
                "SelectHyperCubeValues");
        assertInstanceOf(
                Decision.Forward.class, opened(firewall(shared)).visitorMessage(request(71, 2, "GetLayout", "[]")));
        assertInstanceOf(
                Decision.Forward.class,
                opened(firewall(shared.with(SettingKey.SHARED_SELECTIONS, "allow")))
                        .visitorMessage(request(72, 2, "SelectHyperCubeValues", "[]")));
    }

    @Test
    void onlyListedBookmarksApply() {
        EngineFirewall firewall = opened(firewall(
                TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP).with(SettingKey.ALLOWED_BOOKMARKS, "bm-1")));
        assertInstanceOf(
                Decision.Forward.class, firewall.visitorMessage(request(80, 1, "ApplyBookmark", "[\"bm-1\"]")));
        assertDenied(firewall.visitorMessage(request(81, 1, "ApplyBookmark", "[\"bm-2\"]")), 81, "ApplyBookmark");
    }

    @Test
    void theClassicProfileReadsMoreButStillNoScript() {
        EngineFirewall firewall = opened(firewall(
                TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP).with(SettingKey.ACCESS_PROFILE, "classic")));
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(90, 1, "GetObjects", "[{}]")));
        assertDenied(firewall.visitorMessage(request(91, 1, "GetScript", "[]")), 91, "GetScript");
    }

    @Test
    void observeModeForwardsWhatItWouldRefuseAndCountsIt() {
        EngineFirewall firewall = opened(firewall(
                TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP).with(SettingKey.ENFORCEMENT, "observe")));
        long before = monitor.observed().get(RefusalReason.ENGINE);
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(100, 1, "GetScript", "[]")));
        assertEquals(before + 1, monitor.observed().get(RefusalReason.ENGINE));
        assertTrue(monitor.entries().stream().anyMatch(e -> e.pattern().equals("Doc.GetScript") && !e.enforced()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}]",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"method\":\"GetDocList\",\"params\":[\"app-1\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]} {\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}x",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":\"-1\",\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1.5,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":1e999999,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":99999999999999999999999,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[]}",
                "{\"jsonrpc\":\"2.0\",\"id\":-1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-2,\"method\":\"OpenDoc\",\"params\":[]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"Open Doc\",\"params\":[]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":[\"OpenDoc\"],\"params\":[]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":\"app-1\"}",
                "{\"jsonrpc\":\"1.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[],\"outKey\":-1}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[],\"delta\":\"yes\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[{\"a\":1,\"a\":2}]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\"",
                "\"OpenDoc\"",
                "",
                "null",
                "{}",
                "not json at all",
            })
    void aMalformedMessageClosesTheTunnelWith1008(String message) {
        assertEquals(1008, ((Decision.Close) firewall().visitorMessage(message)).code(), message);
    }

    @Test
    void nestingDeeperThanTheLimitClosesTheTunnel() {
        String deep = "[".repeat(70) + "]".repeat(70);
        assertEquals(1008, ((Decision.Close) firewall().visitorMessage(request(1, -1, "OpenDoc", deep))).code());
        String fine = "[".repeat(30) + "]".repeat(30);
        assertDenied(firewall().visitorMessage(request(1, -1, "OpenDoc", fine)), 1, "OpenDoc");
    }

    @Test
    void tooManyRefusalsCloseTheTunnelWith1008() {
        EngineFirewall firewall = opened(firewall());
        for (int i = 0; i < EngineFirewall.MAX_REFUSALS; i++) {
            assertInstanceOf(Decision.Answer.class, firewall.visitorMessage(request(200 + i, 1, "GetScript", "[]")));
        }
        assertEquals(1008, ((Decision.Close) firewall.visitorMessage(request(999, 1, "GetScript", "[]"))).code());
    }

    @Test
    void overTheMessageRateOrWithTooManyRequestsAwaitingTheEngineTheTunnelClosesWith1013() {
        EngineFirewall limited = opened(firewall(TestSettings.defaults()
                .with(SettingKey.ALLOWED_APPS, APP)
                .with(SettingKey.ENGINE_MESSAGES_PER_SECOND, 10)
                .with(SettingKey.ENGINE_MESSAGE_BURST, 5)));
        Decision decision = null;
        for (int i = 0; i < 5 && !(decision instanceof Decision.Close); i++) {
            decision = limited.visitorMessage(request(300 + i, 2, "GetLayout", "[]"));
        }
        assertEquals(1013, ((Decision.Close) decision).code(), "three for opening, two more, then the rate");
        EngineFirewall waiting = opened(firewall(
                TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP).with(SettingKey.ENGINE_MAX_PENDING, 3)));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Decision.Forward.class, waiting.visitorMessage(request(400 + i, 2, "GetLayout", "[]")));
        }
        assertEquals(1013, ((Decision.Close) waiting.visitorMessage(request(403, 2, "GetLayout", "[]"))).code());
    }

    @Test
    void aRequestIdAwaitingItsAnswerClosesTheTunnelAndAfterTheAnswerItMayBeUsedAgain() {
        EngineFirewall firewall = opened(firewall());
        assertInstanceOf(
                Decision.Forward.class, firewall.visitorMessage(request(500, 1, "GetObject", "[\"sheet-1\"]")));
        Decision again = firewall.visitorMessage(request(500, 1, "CreateSessionVariable", "[{}]"));
        assertEquals(new Decision.Close(1008, "a request id that still awaits its answer"), again);
        EngineFirewall next = opened(firewall());
        assertInstanceOf(Decision.Forward.class, next.visitorMessage(request(501, 1, "GetObject", "[\"sheet-1\"]")));
        next.engineMessage(object(501, "GenericObject", 9, "sheet-1"));
        assertInstanceOf(Decision.Forward.class, next.visitorMessage(request(501, 1, "CreateSessionObject", "[{}]")));
        next.engineMessage(object(501, "GenericObject", 10, "own"));
        assertDenied(next.visitorMessage(request(502, 9, "SetProperties", "[{}]")), 502, "SetProperties");
        assertInstanceOf(Decision.Forward.class, next.visitorMessage(request(503, 10, "SetProperties", "[{}]")));
    }

    @Test
    void aDeltaAnswerPatchesOnlyTheValueOfTheSameRequestKind() {
        EngineFirewall firewall = opened(firewall());
        assertInstanceOf(
                Decision.Forward.class, firewall.visitorMessage(request(510, 1, "CreateSessionObject", "[{}]")));
        firewall.engineMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":510,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"add\","
                        + "\"path\":\"/\",\"value\":{\"qType\":\"GenericObject\",\"qHandle\":11,\"qGenericId\":\"own\"}}]}}");
        assertInstanceOf(
                Decision.Forward.class, firewall.visitorMessage(request(511, 1, "GetObject", "[\"sheet-1\"]")));
        // A patch of the handle only, as the engine sends for a second answer of a kind: GetObject has no value yet.
        firewall.engineMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":511,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"replace\","
                        + "\"path\":\"/qHandle\",\"value\":12}]}}");
        assertDenied(firewall.visitorMessage(request(512, 12, "GetLayout", "[]")), 512, "GetLayout");
        assertInstanceOf(Decision.Forward.class, firewall.visitorMessage(request(513, 11, "SetProperties", "[{}]")));
    }

    @Test
    void theSharedSessionOfAVisitorScopeStaysReadOnlyEvenWhereTheSharedScopeAllowsSelections() {
        io.anonkit.settings.Settings visitorScope = TestSettings.defaults()
                .with(SettingKey.ALLOWED_APPS, APP)
                .with(SettingKey.SHARED_SELECTIONS, "allow")
                .build();
        EngineFirewall overflow = opened(firewall(visitorScope, true));
        assertDenied(
                overflow.visitorMessage(request(520, 2, "SelectHyperCubeValues", "[]")), 520, "SelectHyperCubeValues");
        assertDenied(overflow.visitorMessage(request(521, 2, "ApplyPatches", "[[],true]")), 521, "ApplyPatches");
        assertInstanceOf(Decision.Forward.class, overflow.visitorMessage(request(522, 2, "GetLayout", "[]")));
        EngineFirewall together = opened(firewall(TestSettings.defaults()
                .with(SettingKey.ALLOWED_APPS, APP)
                .with(SettingKey.SELECTION_SCOPE, "shared")
                .with(SettingKey.SHARED_SELECTIONS, "allow")));
        assertInstanceOf(Decision.Forward.class, together.visitorMessage(request(523, 2, "ApplyPatches", "[[],true]")));
        assertInstanceOf(Decision.Forward.class, together.visitorMessage(request(524, 2, "ExpandLeft", "[]")));
        assertInstanceOf(Decision.Forward.class, together.visitorMessage(request(525, 1, "SetFetchLimit", "[1]")));
    }

    @Test
    void listedAnalyticConnectionsPassAndOthersAreRefusedWithTheirName() {
        EngineFirewall firewall = opened(firewall(TestSettings.defaults()
                .with(SettingKey.ALLOWED_APPS, APP)
                .with(SettingKey.ALLOWED_ANALYTIC_CONNECTIONS, "PythonSSE")));
        assertInstanceOf(
                Decision.Forward.class,
                firewall.visitorMessage(request(530, 1, "Evaluate", "[\"pythonsse.ScriptEval('1', Sales)\"]")));
        assertEquals(
                new Decision.Answer("{\"jsonrpc\":\"2.0\",\"id\":531,\"error\":{\"code\":5,\"parameter\":\"Evaluate\","
                        + "\"message\":\"Access denied: the expression calls R.ScriptEval (an analytic connection, which runs code on"
                        + " another server)\"}}"),
                firewall.visitorMessage(request(531, 1, "Evaluate", "[\"R.ScriptEval('1')\"]")));
        assertTrue(
                monitor.entries().stream().anyMatch(e -> e.pattern().equals("Doc.Evaluate [analytic connection]")),
                "counted without the visitor's name");
    }

    @Test
    void aComputedSessionVariableIsRefused() {
        EngineFirewall firewall = opened(firewall());
        assertEquals(
                new Decision.Answer("{\"jsonrpc\":\"2.0\",\"id\":540,\"error\":{\"code\":5,\"parameter\":"
                        + "\"CreateSessionVariable\",\"message\":\"Access denied: a session variable whose definition starts with '='"
                        + " has a computed value, which $(...) turns into expression text\"}}"),
                firewall.visitorMessage(request(
                        540, 1, "CreateSessionVariable", "[{\"qName\":\"v\",\"qDefinition\":\" =Only(Year)\"}]")));
        assertInstanceOf(
                Decision.Forward.class,
                firewall.visitorMessage(request(
                        541, 1, "CreateSessionVariable", "[{\"qName\":\"v\",\"qDefinition\":\"Only(Year)\"}]")));
    }

    @Test
    void theClassicProfileListsVariablesButNeverTheReservedOnes() {
        EngineFirewall firewall = opened(firewall(
                TestSettings.defaults().with(SettingKey.ALLOWED_APPS, APP).with(SettingKey.ACCESS_PROFILE, "classic")));
        assertInstanceOf(
                Decision.Forward.class,
                firewall.visitorMessage(
                        request(550, 1, "CreateSessionObject", "[{\"qVariableListDef\":{\"qType\":\"variable\"}}]")));
        assertEquals(
                new Decision.Answer("{\"jsonrpc\":\"2.0\",\"id\":551,\"error\":{\"code\":5,\"parameter\":"
                        + "\"CreateSessionObject\",\"message\":\"Access denied: a qVariableListDef with qShowConfig lists what the"
                        + " app hides\"}}"),
                firewall.visitorMessage(request(
                        551,
                        1,
                        "CreateSessionObject",
                        "[{\"qVariableListDef\":{\"qType\":\"variable\",\"qShowConfig\":true}}]")));
    }
}
