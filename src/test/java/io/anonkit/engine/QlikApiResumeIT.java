package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.Eventually;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.NodeClient;
import io.anonkit.testing.QixEngine;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.TestSettings;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Qlik restarting under an open engine WebSocket, with the real {@code @qlik/api} client (the qlik-embed runtime's):
 * the kit closes the visitor's side with Qlik's "engine terminating" code, and the client opens the session again by
 * itself, without a call from the page, and reads the app as before. The kit's session pool meets the restarted Qlik:
 * its session cookie and CSRF token are unknown there, and the kit takes new ones on the way.
 */
class QlikApiResumeIT {
    private static final String QLIK_API = "@qlik/api@2.19.0";

    @Test
    void aQlikRestartUnderAnOpenSessionIsResumedByTheClientItself() throws Exception {
        RequiredTool.require(RequiredTool.NODE, RequiredTool.NPM);
        NodeClient client = NodeClient.install("qlik-api-client", List.of(QLIK_API));
        Path script = client.copy(QlikApiResumeIT.class, "qlik-api-resume.mjs", "resume.mjs");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        QlikStandIn qlik = QlikStandIn.start(port);
        try (GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ALLOWED_APPS, "a1")
                .build())) {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.node(script, gateway.baseUri() + "/qlik", "a1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            QlikStandIn before = qlik;
            Eventually.await(Duration.ofSeconds(30), "the client read the app's layout", () -> {
                if (output.isDone()) {
                    throw new AssertionError("the client ended early: " + output.join());
                }
                return before.webSockets().engine().received().stream()
                        .anyMatch(r -> r.method().equals("GetAppLayout"));
            });
            qlik.close();
            qlik = QlikStandIn.start(port);
            String lines = output.get(60, TimeUnit.SECONDS);
            assertTrue(lines.contains("{\"event\":\"suspended\",\"code\":4003}"), lines);
            assertTrue(lines.contains("{\"event\":\"resumed\",\"code\":null}"), lines);
            assertEquals("{\"phase\":\"resumed\",\"title\":\"Sales\"}", NodeClient.lastJsonLine(lines), lines);
            QlikStandIn after = qlik;
            List<String> methods = after.webSockets().engine().received().stream()
                    .map(QixEngine.Received::method)
                    .toList();
            // On its new connection the client takes the app back (GetActiveDoc, or OpenDoc where the engine has it
            // open no more), then the page's next call goes on.
            assertEquals(2, methods.size(), methods.toString());
            assertTrue(List.of("GetActiveDoc", "OpenDoc").contains(methods.get(0)), methods.toString());
            assertEquals("GetAppLayout", methods.get(1), methods.toString());
        } finally {
            qlik.close();
        }
    }
}
