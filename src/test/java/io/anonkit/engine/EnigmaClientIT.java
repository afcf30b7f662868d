package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.NodeClient;
import io.anonkit.testing.QixEngine;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.TestSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Qlik's own open-source engine client, enigma.js 2.15.0 with its QIX schema (fetched from the npm registry at test
 * time, with ws 8.18.0 as its WebSocket in Node.js), speaks through the kit's gateway with the embed profile enforced:
 * it opens the app, reads a chart's layout and data and selects, in delta mode as it asks by default, with no refusal;
 * what the profile forbids fails that one call with the engine's access-denied code 5, and the session goes on.
 */
class EnigmaClientIT {
    private static final String ENIGMA = "enigma.js@2.15.0";
    private static final String WS = "ws@8.18.0";

    @Test
    void qliksEngineClientViewsAndSelectsAndIsRefusedTheRest() throws Exception {
        RequiredTool.require(RequiredTool.NODE, RequiredTool.NPM);
        NodeClient client = NodeClient.install("enigma-client", List.of(ENIGMA, WS));
        Path script = client.copy(EnigmaClientIT.class, "enigma-client.js", "client.js");
        try (QlikStandIn qlik = QlikStandIn.start();
                GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ALLOWED_APPS, "a1")
                        .build())) {
            // A visitor's own engine session, as the Faces tags give every page: the app's shared one is read-only.
            String identity = io.anonkit.session.IdentityTokens.of(gateway.servletContext())
                    .issue(io.anonkit.settings.SessionSettings.SelectionScope.VISITOR);
            String output = client.node(script, gateway.webSocketUri() + "/qlik/app/a1/identity/" + identity, "a1");
            String result = NodeClient.lastJsonLine(output);
            assertEquals(
                    "{\"layout\":\"chart-1\",\"rows\":1,\"script\":5,\"docList\":5,\"reload\":5,\"export\":5,"
                            + "\"stillOpen\":\"chart-1\"}",
                    result,
                    output);
            List<String> methods = qlik.webSockets().engine().received().stream()
                    .map(QixEngine.Received::method)
                    .toList();
            assertEquals(
                    List.of(
                            "OpenDoc",
                            "GetObject",
                            "GetLayout",
                            "GetHyperCubeData",
                            "SelectHyperCubeValues",
                            "GetLayout"),
                    methods,
                    "what enigma.js sent that reached the engine");
            assertTrue(
                    qlik.webSockets().engine().received().stream()
                            .allMatch(r -> r.text().contains("\"delta\":true")),
                    "enigma.js asks for delta mode, and the kit kept it");
        }
    }
}
