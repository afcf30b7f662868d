package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.SessionSettings.SelectionScope;
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
 * Qlik's {@code @qlik/api} 2.19.0, the library the qlik-embed runtime is built on (fetched from the npm registry at test
 * time), opens an app session through the kit as a client-managed host does ({@code windowscookie}: a CSRF token from
 * {@code /qps/csrftoken}, then the engine WebSocket at {@code app/<id>} with that token and {@code reloadUri}), with the
 * embed profile enforced: it reads the app's layout and a chart's hypercube, the kit refuses the load script with the
 * engine's code 5, and what reached the stand-in carries the kit's identity and no client credential.
 */
class QlikApiClientIT {
    private static final String QLIK_API = "@qlik/api@2.19.0";

    @Test
    void qliksApiOpensAnAppSessionThroughTheKitWithItsIdentitiesOnly() throws Exception {
        RequiredTool.require(RequiredTool.NODE, RequiredTool.NPM);
        NodeClient client = NodeClient.install("qlik-api-client", List.of(QLIK_API));
        Path script = client.copy(QlikApiClientIT.class, "qlik-api-client.mjs", "client.mjs");
        try (QlikStandIn qlik = QlikStandIn.start();
                GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ALLOWED_APPS, "a1")
                        // In Node.js, @qlik/api's windowscookie mode needs Qlik's session cookie in the answer to
                        // qlik-embed/main.js; a pooling kit keeps Qlik's cookies to itself, so the test runs unpooled.
                        .with(SettingKey.SESSION_POOL, "off")
                        .build())) {
            String output = client.node(script, gateway.baseUri() + "/qlik", "a1");
            String result = lastLine(output);
            assertEquals(
                    "{\"title\":\"Sales\",\"rows\":[\"Sweden=42\",\"Norway=17\",\"Denmark=30\",\"Finland=25\"],"
                            + "\"script\":5}",
                    result,
                    output);
            List<String> methods = qlik.webSockets().engine().received().stream()
                    .map(QixEngine.Received::method)
                    .toList();
            assertEquals(
                    List.of("OpenDoc", "GetAppLayout", "CreateSessionObject", "GetLayout"),
                    methods,
                    "what @qlik/api sent that reached the engine: all but GetScript");
            QlikStandIn.Recorded handshake = lastHandshake(qlik);
            String cookie = handshake.values("Cookie").get(0).trim();
            assertTrue(
                    handshake.pathQuery().contains("qlik-csrf-token=" + qlik.csrfTokenOf(cookie)), handshake::toString);
            assertTrue(handshake.pathQuery().contains("reloadUri="), handshake::toString);
            assertTrue(
                    qlik.requests().stream()
                            .noneMatch(r -> !r.values("Authorization").isEmpty()),
                    "the token @qlik/api sent stopped at the kit");
            assertTrue(
                    qlik.requests().stream().allMatch(r -> r.values("hdr-usr").equals(List.of("anonymous"))),
                    qlik.requests()::toString);

            // With an identity the kit issued, as a qlik-embed element carries it, Qlik sees only its random part.
            IdentityTokens tokens = IdentityTokens.of(gateway.servletContext());
            String token = tokens.issue(SelectionScope.VISITOR);
            qlik.clear();
            assertEquals(result, lastLine(client.node(script, gateway.baseUri() + "/qlik", "a1", token)));
            String path = lastHandshake(qlik).pathQuery();
            assertTrue(
                    path.startsWith("/hdr/app/a1/identity/"
                            + tokens.verify(token, SelectionScope.VISITOR).orElseThrow() + "?"),
                    path);

            // An identity the kit did not issue opens nothing.
            qlik.clear();
            qlik.webSockets().engine().clear();
            assertEquals(
                    "{\"opened\":false}",
                    lastLine(client.node(script, gateway.baseUri() + "/qlik", "a1", "v.someone-else")));
            assertTrue(qlik.webSockets().engine().received().isEmpty(), "nothing reached the engine");
        }
    }

    private static String lastLine(String output) {
        return NodeClient.lastJsonLine(output);
    }

    private static QlikStandIn.Recorded lastHandshake(QlikStandIn qlik) {
        return qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith("/hdr/app/"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(qlik.requests().toString()));
    }
}
