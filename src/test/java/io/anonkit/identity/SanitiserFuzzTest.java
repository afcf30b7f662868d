package io.anonkit.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the sanitiser end to end: random header names (mutations of the reserved names and free text), random values
 * and {@code Connection} tokens go as raw bytes through the filter and the proxy into the Qlik stand-in. The invariant:
 * a request that reaches the upstream carries exactly one identity header, equal to the configured one, and no other
 * spelling of a reserved header; a request that does not is answered with a 4xx.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/.../SanitiserFuzzTestInputs}; to fuzz, run
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SanitiserFuzzTest}.
 */
class SanitiserFuzzTest {
    private static final List<String> NAMES = List.of(
            "hdr-usr",
            "X-Qlik-User",
            "X-Qlik-Security",
            "X-Forwarded-For",
            "Forwarded",
            "X-Real-IP",
            "Connection",
            "Cookie",
            "Authorization",
            "X-Qlik-Xrfkey",
            "Accept",
            "Transfer-Encoding",
            "Content-Length",
            "Upgrade",
            "TE",
            "Trailer",
            "X-Qlik-Virtual-Proxy-Prefix");
    private static QlikStandIn qlik;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        qlik.close();
    }

    @FuzzTest(maxDuration = "60s")
    void sanitisedRequestsCarryExactlyOneIdentity(FuzzedDataProvider data) throws Exception {
        qlik.clear();
        StringBuilder request = new StringBuilder("GET /qlik/echo HTTP/1.1\r\nHost: kit.example\r\n");
        int headers = data.consumeInt(0, 8);
        for (int i = 0; i < headers; i++) {
            String name = data.consumeBoolean() ? mutate(data.pickValue(NAMES), data) : data.consumeString(24);
            request.append(line(name))
                    .append(": ")
                    .append(line(data.consumeString(48)))
                    .append("\r\n");
        }
        request.append("\r\n");
        HttpTester.Response response = gateway.raw(request.toString());
        int status = response == null ? -1 : response.getStatus();
        if (status == 200) {
            assertEquals(1, qlik.requests().size(), "one request upstream for " + request);
            HostileRequestTest.assertSingleConfiguredIdentity(qlik.onlyRequest());
        } else {
            assertTrue(status >= 400 && status < 500, "refusals are 4xx, got " + status + " for " + request);
            assertEquals(List.of(), qlik.requests(), "a refused request reached the upstream: " + request);
        }
    }

    /** Changes the spelling of a name the way back ends fold it: case, '_', '.', '~' or nothing for '-', random insertions. */
    private static String mutate(String name, FuzzedDataProvider data) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            int choice = data.consumeInt(0, 7);
            if (c == '-' && choice <= 4) {
                out.append(choice == 4 ? "" : String.valueOf("-_.~".charAt(choice)));
            } else if (choice == 5) {
                out.append(Character.toUpperCase(c));
            } else if (choice == 6) {
                out.append(c).append(data.consumeChar());
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)) && data.consumeBoolean()
                ? name.toUpperCase(Locale.ROOT)
                : out.toString();
    }

    /** Keeps the input on one line, so each input is exactly one request; other control bytes stay. */
    private static String line(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c != '\r' && c != '\n') {
                out.append(c > 0xff ? '?' : c);
            }
        }
        return out.toString();
    }
}
