package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.anonkit.http.AccessMonitor;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.testing.TestSettings;
import io.anonkit.tunnel.MessageInspector.Decision;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the engine firewall against an independent statement of its rules: a model, written here and not taken from
 * the firewall, of which methods each handle of one tunnel's state allows (the app opened as handle 1, an app object 2,
 * an object the visitor created 3), in a private or a shared engine session, and of which contents are refused
 * (expressions that call analytic connections or revealing system functions, computed dollar expansions, listing
 * definitions the embed profile hides, computed session variables). The fuzzer builds requests from those parts, with
 * escapes, case and spacing changes, id reuse while an answer is awaited, and JSON noise; each verdict must be the
 * model's. Where noise was added, only safety is asserted: what is forwarded is a request the model allows, read back
 * with a plain JSON reader.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/.../EngineFirewallFuzzTestInputs}; to fuzz,
 * run {@code JAZZER_FUZZ=1 mvn test -Dtest=EngineFirewallFuzzTest}.
 */
class EngineFirewallFuzzTest {
    private static final Settings SETTINGS = TestSettings.defaults()
            .with(SettingKey.ALLOWED_APPS, "app-1")
            .with(SettingKey.ENGINE_MESSAGES_PER_SECOND, 1_000_000)
            .with(SettingKey.ENGINE_MESSAGE_BURST, 1_000_000)
            .with(SettingKey.ENGINE_MAX_PENDING, 1_000_000)
            .build();

    /** The model: what each handle allows, by lower-case method; the rest of each type's methods are refused. */
    private static final Map<Integer, Set<String>> ALLOWED = Map.of(
            -1, Set.of("getactivedoc", "cancelrequest", "getprogress"),
            1,
                    Set.of(
                            "getobject",
                            "createsessionobject",
                            "getapplayout",
                            "evaluate",
                            "setfetchlimit",
                            "abortmodal",
                            "clearall",
                            "createsessionvariable"),
            2, Set.of("getlayout", "gethypercubedata", "selecthypercubevalues", "expandleft", "applypatches"),
            3,
                    Set.of(
                            "getlayout",
                            "gethypercubedata",
                            "selecthypercubevalues",
                            "expandleft",
                            "applypatches",
                            "setproperties"));
    /** What changes the engine session: refused in a shared one. */
    private static final Set<String> CHANGING =
            Set.of("selecthypercubevalues", "expandleft", "setfetchlimit", "abortmodal", "clearall", "applypatches");
    /** Methods whose properties are read for listing definitions. */
    private static final Set<String> WITH_PROPERTIES = Set.of("createsessionobject", "setproperties", "applypatches");

    private static final List<String> METHODS = List.of(
            "OpenDoc",
            "GetActiveDoc",
            "GetObject",
            "CreateSessionObject",
            "GetAppLayout",
            "Evaluate",
            "SetFetchLimit",
            "AbortModal",
            "ClearAll",
            "CreateSessionVariable",
            "GetLayout",
            "GetHyperCubeData",
            "SelectHyperCubeValues",
            "ExpandLeft",
            "ApplyPatches",
            "SetProperties",
            "GetScript",
            "SetScript",
            "DoReload",
            "DoSave",
            "GetDocList",
            "CreateApp",
            "ExportData",
            "BulkRequest",
            "GetTableData",
            "GetVariables",
            "GetMediaList",
            "GetObjects");
    /** Expressions with whether the model refuses them. */
    private static final List<Map.Entry<String, Boolean>> EXPRESSIONS = List.of(
            Map.entry("Sum(Sales)", false),
            Map.entry("=Count(DISTINCT X)", false),
            Map.entry("'R.ScriptEval(1)'", false),
            Map.entry("[OSUser()]", false),
            Map.entry("Sales.Total", false),
            Map.entry("1.5*Avg(Y)", false),
            Map.entry("=ObjectId()", false),
            Map.entry("$(vYear)", false),
            Map.entry("R.ScriptEval('x')", true),
            Map.entry("py.scriptevalstr(1)", true),
            Map.entry("OSUser()", true),
            Map.entry("=ComputerName()", true),
            Map.entry("$(=1)", true),
            Map.entry("Sum({<X={\"=R.F(1)>0\"}>} Y)", true),
            Map.entry("[My SSE].ScriptAggr(1)", true),
            Map.entry("GetRegistryString('a','b')", true));

    /** One generated message and what the model says of it. */
    private record Case(
            String text,
            long id,
            int handle,
            String method,
            boolean noise,
            boolean reuse,
            boolean contentRefused,
            boolean listing,
            boolean softPatch) {}

    @FuzzTest(maxDuration = "60s")
    void everyVerdictIsTheModels(FuzzedDataProvider data) {
        boolean shared = data.consumeBoolean();
        EngineFirewall firewall = new EngineFirewall(
                SETTINGS,
                new EngineTunnel("app-1", shared),
                "fuzz",
                new AccessMonitor(Clock.systemUTC()),
                Clock.systemUTC());
        open(firewall);
        Case generated = generate(data);
        if (generated.reuse()) {
            assertInstanceOf(
                    Decision.Forward.class,
                    firewall.visitorMessage("{\"jsonrpc\":\"2.0\",\"id\":" + generated.id()
                            + ",\"handle\":2,\"method\":\"GetLayout\",\"params\":[]}"),
                    "a request awaiting its answer");
        }
        Decision decision = firewall.visitorMessage(generated.text());
        if (generated.noise()) {
            if (decision instanceof Decision.Forward forward) {
                JsonObject sent = plainRead(forward.text());
                assertTrue(
                        !generated.reuse() || sent.getJsonNumber("id").longValue() != generated.id(),
                        "forwarded with an id awaiting its answer: " + generated.text());
                assertTrue(
                        modelAllows(sent.getInt("handle"), sent.getString("method"), shared),
                        "forwarded although the model refuses it: " + generated.text());
            }
            return;
        }
        if (generated.handle() < -1) {
            // The model: a handle below -1 (the global object) is no request at all.
            assertEquals(
                    1008,
                    assertInstanceOf(Decision.Close.class, decision, generated.text())
                            .code());
            return;
        }
        if (generated.reuse()) {
            assertEquals(
                    new Decision.Close(1008, "a request id that still awaits its answer"), decision, generated.text());
            return;
        }
        String lower = generated.method().toLowerCase(Locale.ROOT);
        boolean allowed = modelAllows(generated.handle(), generated.method(), shared)
                && !generated.contentRefused()
                && !(generated.listing() && WITH_PROPERTIES.contains(lower))
                && (!lower.equals("applypatches") || generated.softPatch());
        if (allowed) {
            Decision.Forward forward = assertInstanceOf(Decision.Forward.class, decision, generated.text());
            JsonObject sent = plainRead(forward.text());
            assertEquals(generated.id(), sent.getJsonNumber("id").longValue());
            assertEquals(generated.handle(), sent.getInt("handle"));
            assertEquals(generated.method(), sent.getString("method"), "the method as judged, unescaped");
            assertEquals(plainRead(generated.text()).get("params"), sent.get("params"), "the parameters as sent");
        } else {
            Decision.Answer answer = assertInstanceOf(Decision.Answer.class, decision, generated.text());
            JsonObject error = plainRead(answer.text()).getJsonObject("error");
            assertEquals(5, error.getInt("code"), answer.text());
            assertEquals(generated.method(), error.getString("parameter"));
        }
    }

    /** The app opened (1), an app object (2) and the visitor's own object (3), with the engine's answers. */
    private static void open(EngineFirewall firewall) {
        firewall.visitorMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}");
        firewall.engineMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1}}}");
        firewall.visitorMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"handle\":1,\"method\":\"GetObject\",\"params\":[\"o\"]}");
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"qReturn\":{\"qType\":\"GenericObject\","
                + "\"qHandle\":2}}}");
        firewall.visitorMessage("{\"jsonrpc\":\"2.0\",\"id\":3,\"handle\":1,\"method\":\"CreateSessionObject\","
                + "\"params\":[{\"qInfo\":{\"qType\":\"x\"}}]}");
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"qReturn\":{\"qType\":\"GenericObject\","
                + "\"qHandle\":3}}}");
    }

    /** The model's verdict on the method alone; {@code ApplyPatches} taken as a soft patch. */
    private static boolean modelAllows(int handle, String method, boolean shared) {
        String lower = method.toLowerCase(Locale.ROOT);
        boolean byRule = ALLOWED.getOrDefault(handle, Set.of()).contains(lower);
        return byRule && !(shared && CHANGING.contains(lower));
    }

    private static JsonObject plainRead(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException e) {
            throw new AssertionError("not one JSON object: " + text, e);
        }
    }

    private static Case generate(FuzzedDataProvider data) {
        String method = data.consumeBoolean()
                ? data.pickValue(METHODS)
                : data.pickValue(METHODS).toLowerCase(Locale.ROOT);
        int handle = data.pickValue(new Integer[] {-1, 1, 2, 3, 4, -2 + 2 * data.consumeInt(0, 1) * 3});
        long id = data.consumeLong(4, Long.MAX_VALUE);
        boolean reuse = data.consumeInt(0, 7) == 0;
        Map.Entry<String, Boolean> expression = data.pickValue(EXPRESSIONS);
        String spelled = respell(expression.getKey(), data);
        boolean listing = false;
        boolean contentRefused = false;
        boolean softPatch = false;
        String params;
        switch (data.consumeInt(0, 7)) {
            case 0 -> params = "[]";
            case 1 -> params = "[\"chart-1\"]";
            case 2 -> {
                params = "[" + quoted(spelled) + "]";
                contentRefused = expression.getValue();
            }
            case 3 -> {
                params = "[{\"qInfo\":{\"qType\":\"x\"},\"qHyperCubeDef\":{\"qMeasures\":[{\"qDef\":{\"qDef\":"
                        + quoted(spelled) + "}}]}}]";
                contentRefused = expression.getValue();
            }
            case 4 -> {
                boolean hidden = data.consumeBoolean();
                params = "[{\"qInfo\":{\"qType\":\"FieldList\"},\"qFieldListDef\":{\"qShowHidden\":" + hidden + "}}]";
                listing = hidden;
            }
            case 5 -> {
                params = "[{\"qInfo\":{\"qType\":\"VariableList\"},\""
                        + (data.consumeBoolean() ? "qVariableListDef" : "qvariablelistdef") + "\":{}}]";
                listing = true;
            }
            case 6 -> {
                params = "[[{\"qOp\":\"replace\",\"qPath\":\"/title\",\"qValue\":" + quoted(quoted(spelled))
                        + "}],true]";
                contentRefused = expression.getValue();
                softPatch = true;
            }
            default -> {
                String definition = data.pickValue(new String[] {"1", "Max(Y)", "=1", " =Max(Y)"});
                params = "[{\"qName\":\"v\",\"qDefinition\":" + quoted(definition) + "}]";
                contentRefused = method.equalsIgnoreCase("CreateSessionVariable")
                        && definition.strip().startsWith("=");
            }
        }
        String methodText = data.consumeBoolean() ? escape(method, data) : method;
        String flags = data.consumeBoolean() ? ",\"delta\":" + data.consumeBoolean() : "";
        String text = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"handle\":" + handle + ",\"method\":\"" + methodText
                + "\",\"params\":" + params + flags + "}";
        boolean noise = false;
        switch (data.consumeInt(0, 9)) {
            case 0 -> {
                text = text + data.consumeString(4);
                noise = true;
            }
            case 1 -> {
                text = text.replace("\"params\"", "\"method\":\"GetScript\",\"params\"");
                noise = true;
            }
            case 2 -> {
                text = text.replace("\"params\"", "\"Params\":[],\"params\"");
                noise = true;
            }
            case 3 -> {
                text = data.consumeRemainingAsString();
                noise = true;
            }
            default -> {}
        }
        return new Case(text, id, handle, method, noise, reuse, contentRefused, listing, softPatch);
    }

    /** {@code expression} with its case changed and spaces around dots and parentheses, which change no verdict. */
    private static String respell(String expression, FuzzedDataProvider data) {
        StringBuilder out = new StringBuilder();
        boolean upper = data.consumeBoolean();
        boolean spaced = data.consumeBoolean();
        for (char c : expression.toCharArray()) {
            // Not between $ and (: "$ (" is no dollar-sign expansion.
            boolean afterDollar = out.length() > 0 && out.charAt(out.length() - 1) == '$';
            if (spaced && (c == '.' || c == '(') && !afterDollar) {
                out.append(' ');
            }
            out.append(upper ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static String quoted(String text) {
        return Json.createValue(text).toString();
    }

    private static String escape(String method, FuzzedDataProvider data) {
        StringBuilder out = new StringBuilder();
        for (char c : method.toCharArray()) {
            out.append(data.consumeBoolean() ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
