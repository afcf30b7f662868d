package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A visitor's {@code GET /qps/csrftoken} is answered from the pooled session, without a request to Qlik. */
class PooledCsrfTokenTest {
    private static final String KEY = "abcdefghijklmnop";
    private final HttpClient client = HttpClient.newHttpClient();
    private QlikStandIn qlik;
    private GatewayUnderTest gateway;

    @BeforeEach
    void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        qlik.close();
    }

    private HttpResponse<String> token(String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(gateway.baseUri().resolve("/qlik/qps/csrftoken?xrfkey=" + KEY));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The visitors' token requests that reached Qlik (the kit's own fetch carries no xrfkey). */
    private long visitorsAtQlik() {
        return qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(QlikStandIn.PREFIX + "/qps/csrftoken?xrfkey="))
                .count();
    }

    @Test
    void aSameOriginPageGetsThePooledSessionsTokenAndQlikIsNotAsked() throws Exception {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = token("X-Qlik-Xrfkey", KEY);
            assertEquals(200, answer.statusCode());
            assertEquals(
                    "no-store", answer.headers().firstValue("Cache-Control").orElse(""));
            tokens.add(answer.headers().firstValue("qlik-csrf-token").orElseThrow());
        }
        assertEquals(0, visitorsAtQlik(), "no visitor's token request reached Qlik");
        long kitsOwn = qlik.requests().stream()
                .filter(r -> r.pathQuery().equals(QlikStandIn.PREFIX + "/qps/csrftoken"))
                .count();
        assertTrue(kitsOwn >= 1 && kitsOwn <= tokens.size(), "the kit asked once per pooled session: " + kitsOwn);
        for (String token : tokens) {
            assertTrue(token.startsWith("csrf-"), "a token of a pooled session: " + token);
        }
    }

    @Test
    void aCrossOriginPageOrAMismatchedXrfkeyIsLeftToQlik() throws Exception {
        assertEquals(
                200,
                token("X-Qlik-Xrfkey", KEY, "Origin", "https://site.example.com")
                        .statusCode());
        assertEquals(1, visitorsAtQlik(), "cross-origin: Qlik adds the CORS headers");
        token("X-Qlik-Xrfkey", "ponmlkjihgfedcba");
        assertEquals(2, visitorsAtQlik(), "a mismatched xrfkey: Qlik refuses it itself");
        HttpResponse<String> sameOrigin = token(
                "X-Qlik-Xrfkey", KEY, "Origin", "http://" + gateway.baseUri().getAuthority());
        assertEquals(200, sameOrigin.statusCode());
        assertEquals(2, visitorsAtQlik(), "its own origin is the same origin");
    }

    @Test
    void withoutThePoolQlikAnswersAsBefore() throws Exception {
        gateway.store()
                .replace(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.SESSION_POOL, "off")
                        .build());
        assertEquals(200, token("X-Qlik-Xrfkey", KEY).statusCode());
        assertEquals(1, visitorsAtQlik());
    }
}
