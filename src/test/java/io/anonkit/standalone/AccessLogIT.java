package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone access log: where it goes, what each line holds, and the secrets it never holds. */
class AccessLogIT {
    private static final String CSRF = "csrf-secret-value";
    private static final String XRFKEY = "abcdefghijklmnop";

    @TempDir
    Path home;

    private QlikStandIn qlik;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startQlik() throws Exception {
        qlik = QlikStandIn.start();
    }

    @AfterEach
    void stopQlik() throws Exception {
        qlik.close();
    }

    private void visit(KitProcess kit) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(kit.baseUri()
                                .resolve("qlik/resources/hub.js?qlik-csrf-token=" + CSRF + "&XrfKey=" + XRFKEY
                                        + "&lang=en"))
                        .header("X-Forwarded-For", "203.0.113.7")
                        .header("hdr-usr", "administrator-spoof")
                        .header("Cookie", "X-Qlik-Session-hdr=cookie-secret")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }

    private static String logs(Path home) throws Exception {
        Path folder = home.resolve("logs");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    List<Path> all = files.toList();
                    StringBuilder text = new StringBuilder();
                    for (Path file : all) {
                        text.append(Files.readString(file));
                    }
                    if (text.toString().contains("/qlik/resources/hub.js")) {
                        assertEquals(1, all.size(), all.toString());
                        assertTrue(
                                all.get(0).getFileName().toString().matches("access-\\d{4}_\\d{2}_\\d{2}\\.log"),
                                all.toString());
                        return text.toString();
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no access log line in " + folder);
    }

    private static void assertNoSecret(String log) {
        for (String secret : List.of(CSRF, XRFKEY, "administrator-spoof", "cookie-secret", "hdr-usr")) {
            assertFalse(log.contains(secret), "the access log holds " + secret + ": " + log);
        }
    }

    @Test
    void jsonLinesNameTheResolvedClientAndRedactTheTokens() throws Exception {
        try (KitProcess kit = KitProcess.start(
                home,
                Map.of(
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_ACCESS_LOG",
                        "json",
                        "ANONKIT_TRUSTED_PROXIES",
                        "127.0.0.1"))) {
            visit(kit);
            String log = logs(home);
            assertNoSecret(log);
            JsonObject line = log.lines()
                    .filter(l -> l.contains("/qlik/resources/hub.js"))
                    .findFirst()
                    .map(l -> Json.createReader(new StringReader(l)).readObject())
                    .orElseThrow();
            assertEquals("203.0.113.7", line.getString("client"), "the client from the trusted proxy's header");
            assertEquals("GET", line.getString("method"));
            assertEquals("/qlik/resources/hub.js", line.getString("path"));
            assertEquals("qlik-csrf-token=redacted&XrfKey=redacted&lang=en", line.getString("query"));
            assertEquals("HTTP/1.1", line.getString("protocol"));
            assertEquals(200, line.getInt("status"));
            assertTrue(line.getJsonNumber("bytes").longValue() > 0);
            assertTrue(line.getJsonNumber("durationMs").longValue() >= 0);
            assertTrue(line.getString("time").endsWith("Z"));
        }
    }

    @Test
    void theCommonFormatIsTheDefaultAndOffWritesNothing() throws Exception {
        try (KitProcess kit = KitProcess.start(
                home, Map.of("ANONKIT_UPSTREAM", qlik.virtualProxy().toString()))) {
            visit(kit);
            String log = logs(home);
            assertNoSecret(log);
            String line = log.lines()
                    .filter(l -> l.contains("/qlik/resources/hub.js"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    line.matches("127\\.0\\.0\\.1 - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] "
                            + "\"GET /qlik/resources/hub\\.js\\?qlik-csrf-token=redacted&XrfKey=redacted&lang=en HTTP/1\\.1\" "
                            + "200 \\d+ \\d+"),
                    line);
        }
        Path quiet = home.resolve("quiet");
        try (KitProcess kit = KitProcess.start(
                quiet, Map.of("ANONKIT_UPSTREAM", qlik.virtualProxy().toString(), "ANONKIT_ACCESS_LOG", "off"))) {
            visit(kit);
            assertFalse(Files.exists(quiet.resolve("logs")), "no access log when off");
        }
    }

    @Test
    void anUnknownFormatStopsTheStartWithTheChoices() throws Exception {
        KitProcess kit = KitProcess.failing(home, Map.of("ANONKIT_ACCESS_LOG", "combined"));
        assertEquals(2, kit.exitCode());
        assertTrue(
                kit.output()
                        .contains("ANONKIT_ACCESS_LOG: 'combined' is not an access log format; expected one of"
                                + " common, json, off"),
                kit.output());
    }
}
