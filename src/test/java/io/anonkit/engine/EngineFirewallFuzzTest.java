package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.anonkit.access.AccessMonitor;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.testing.TestSettings;
import io.anonkit.tunnel.MessageInspector.Decision;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the engine firewall's decision: messages built from method names (allowed and forbidden), handles, parameters
 * and JSON noise (escapes, duplicate keys, nesting, numbers, trailing bytes). The property: a message is forwarded if
 * and only if it parses to a request the policy allows, and what is forwarded parses to the same request; a message
 * that parses to a refused request is answered with access denied; anything else closes the tunnel.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/.../EngineFirewallFuzzTestInputs}; to fuzz,
 * run {@code JAZZER_FUZZ=1 mvn test -Dtest=EngineFirewallFuzzTest}.
 */
class EngineFirewallFuzzTest {
    private static final List<String> METHODS = List.of("OpenDoc", "GetObject", "GetLayout", "GetHyperCubeData",
            "SelectHyperCubeValues", "GetScript", "SetScript", "DoReload", "DoSave", "GetDocList", "CreateApp",
            "ExportData", "SetProperties", "ApplyPatches", "BulkRequest", "GetTableData", "CreateSessionObject");
    private static final Settings SETTINGS = TestSettings.defaults().with(SettingKey.ALLOWED_APPS, "app-1")
            .with(SettingKey.ENGINE_MESSAGES_PER_SECOND, 1_000_000).with(SettingKey.ENGINE_MESSAGE_BURST, 1_000_000)
            .with(SettingKey.ENGINE_MAX_PENDING, 1_000_000).build();
    private static final EngineRequestParser PARSER = new EngineRequestParser(SETTINGS.engine().maxDepth());

    @FuzzTest(maxDuration = "60s")
    void aMessageIsForwardedIfAndOnlyIfItParsesToAnAllowedRequest(FuzzedDataProvider data) {
        EngineFirewall firewall = new EngineFirewall(SETTINGS, new EngineTunnel("app-1", false), "fuzz", new AccessMonitor(Clock.systemUTC()),
                Clock.systemUTC());
        // The app is open (handle 1) and one app object is known (handle 2).
        firewall.visitorMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}");
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1}}}");
        firewall.visitorMessage("{\"jsonrpc\":\"2.0\",\"id\":2,\"handle\":1,\"method\":\"GetObject\",\"params\":[\"o\"]}");
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"qReturn\":{\"qType\":\"GenericObject\","
                + "\"qHandle\":2}}}");
        String message = message(data);
        Optional<EngineRequest> parsed;
        try {
            parsed = Optional.of(PARSER.parse(message));
        } catch (MalformedMessageException e) {
            parsed = Optional.empty();
        }
        Decision decision = firewall.visitorMessage(message);
        if (parsed.isEmpty()) {
            assertEquals(1008, ((Decision.Close) decision).code(), message);
            return;
        }
        if (decision instanceof Decision.Forward forward) {
            EngineRequest request = parsed.get();
            assertTrue(allowedOnOpenApp(request), "forwarded although refused: " + message);
            EngineRequest again;
            try {
                again = PARSER.parse(forward.text());
            } catch (MalformedMessageException e) {
                throw new AssertionError("forwarded what does not parse: " + forward.text(), e);
            }
            assertEquals(request, again, "forwarded another request than the one judged: " + message);
        } else {
            assertEquals(new Decision.Answer(EngineFirewall.accessDenied(parsed.get())), decision, message);
            assertTrue(!allowedOnOpenApp(parsed.get()), "refused although allowed: " + message);
        }
    }

    /** The policy's verdict for the state the firewall is in: the app opened (1), an app object (2). */
    private static boolean allowedOnOpenApp(EngineRequest request) {
        HandleTable handles = new HandleTable();
        handles.forwarded(new EngineRequest(1, -1, "OpenDoc", jakarta.json.JsonValue.EMPTY_JSON_ARRAY, java.util.Map.of()));
        handles.read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1}}}");
        handles.forwarded(new EngineRequest(2, 1, "GetObject", jakarta.json.JsonValue.EMPTY_JSON_ARRAY, java.util.Map.of()));
        handles.read("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"qReturn\":{\"qType\":\"GenericObject\",\"qHandle\":2}}}");
        return EnginePolicy.check(SETTINGS, new EngineTunnel("app-1", false), true, request, handles, new ExpressionGuard(java.util.List.of())).isEmpty();
    }

    private static String message(FuzzedDataProvider data) {
        if (data.consumeInt(0, 9) == 0) {
            return data.consumeRemainingAsString();
        }
        String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeString(12);
        if (data.consumeBoolean()) {
            method = data.consumeBoolean() ? method.toLowerCase(java.util.Locale.ROOT) : escape(method, data);
        }
        String params = switch (data.consumeInt(0, 4)) {
            case 0 -> "[]";
            case 1 -> "[\"" + data.consumeString(8).replace("\\", "").replace("\"", "") + "\",true]";
            case 2 -> "{\"qSoftPatch\":" + data.consumeBoolean() + ",\"qPatches\":[]}";
            case 3 -> "[".repeat(data.consumeInt(0, 80)) + "]".repeat(data.consumeInt(0, 80));
            default -> data.consumeString(16);
        };
        String extra = switch (data.consumeInt(0, 5)) {
            case 0 -> ",\"method\":\"GetScript\"";
            case 1 -> ",\"delta\":" + data.consumeBoolean();
            case 2 -> ",\"x\":1";
            default -> "";
        };
        String handle = data.consumeBoolean() ? String.valueOf(data.consumeInt(-3, 3)) : data.consumeString(6);
        String id = data.consumeBoolean() ? String.valueOf(data.consumeLong()) : data.consumeString(6);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"handle\":" + handle + ",\"method\":\"" + method
                + "\",\"params\":" + params + extra + "}" + (data.consumeInt(0, 9) == 0 ? data.consumeString(4) : "");
    }

    private static String escape(String method, FuzzedDataProvider data) {
        StringBuilder out = new StringBuilder();
        for (char c : method.toCharArray()) {
            out.append(data.consumeBoolean() ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
