package io.anonkit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.Commands;
import io.anonkit.testing.Eventually;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RawHttp;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of {@code java -jar} after known traffic: exact counter values, who may read it, names that
 * Prometheus' own linter accepts, and a real Prometheus server that scrapes the management port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {
    private static final String PASSWORD = "metrics-admin-password";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    @TempDir
    static Path work;

    private QlikStandIn qlik;
    private KitProcess kit;
    private final HttpClient http = HttpClient.newHttpClient();
    private String sentMessage;

    @BeforeAll
    void startWithKnownTraffic() throws Exception {
        qlik = QlikStandIn.start();
        kit = KitProcess.start(
                work.resolve("home"),
                Map.of(
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_ALLOWED_APPS",
                        "a1",
                        "ANONKIT_ADMIN_PASSWORD",
                        PASSWORD,
                        "ANONKIT_MANAGEMENT_PORT",
                        "0"));
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    200, get(kit.baseUri(), "qlik/resources/hub.js", Map.of()).statusCode());
        }
        assertEquals(
                200,
                get(kit.baseUri(), "qlik/resources/spoofed.js", Map.of("hdr-usr", "admin"))
                        .statusCode());
        for (int i = 0; i < 2; i++) {
            assertEquals(200, get(kit.baseUri(), "qlik/qps/csrftoken", Map.of()).statusCode());
        }
        assertEquals(404, get(kit.baseUri(), "qlik/qrs/app", Map.of()).statusCode());
        // HTTP/1.0 without the Host header Qlik needs: the gateway refuses it as malformed.
        String noHost =
                RawHttp.exchange("127.0.0.1", kit.baseUri().getPort(), "GET /qlik/resources/hub.js HTTP/1.0\r\n\r\n");
        assertTrue(noHost.startsWith("HTTP/1.1 400"), noHost);
        WebSocketCoreClient client = WebSocketProbe.newClient();
        try (WebSocketProbe probe = WebSocketProbe.connect(
                        client,
                        URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1?qlik-csrf-token=t"),
                        Map.of("Origin", "http://" + kit.baseUri().getAuthority()),
                        List.of(),
                        false)
                .get(30, TimeUnit.SECONDS)) {
            sentMessage = "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}";
            probe.send(sentMessage);
            assertTrue(probe.next(Duration.ofSeconds(10)).text().contains("\"qType\":\"Doc\""));
            probe.close(1000);
            probe.closed().get(10, TimeUnit.SECONDS);
        } finally {
            client.stop();
        }
        // The kit counts the tunnel's close once both sides ended: wait for that, not for a fixed time.
        Eventually.await(
                Duration.ofSeconds(30),
                "the tunnel's close counted",
                () -> Double.valueOf(1.0)
                        .equals(samples(scrape()).get("anonkit_engine_tunnels_closed_total{code=\"1000\"}")));
    }

    @AfterAll
    void stop() throws Exception {
        if (kit != null) {
            kit.close();
        }
        if (qlik != null) {
            qlik.close();
        }
    }

    private HttpResponse<String> get(URI base, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        HttpResponse<String> metrics = get(kit.managementUri(), "metrics", Map.of());
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        return metrics.body();
    }

    /** Every sample of the exposition, by name and labels as written, such as {@code a_total{route="asset"}}. */
    private static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(
                        sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                        Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    @Test
    void countersHoldExactlyTheKnownTraffic() throws Exception {
        Map<String, Double> samples = samples(scrape());
        assertEquals(
                4.0,
                samples.get("anonkit_proxy_requests_total{route=\"asset\",status_class=\"2xx\"}"),
                samples::toString);
        assertEquals(2.0, samples.get("anonkit_proxy_requests_total{route=\"csrf\",status_class=\"2xx\"}"));
        assertEquals(1.0, samples.get("anonkit_proxy_requests_total{route=\"engine_handshake\",status_class=\"1xx\"}"));
        assertEquals(0.0, samples.get("anonkit_proxy_requests_total{route=\"other\",status_class=\"2xx\"}"));
        assertEquals(4.0, samples.get("anonkit_proxy_upstream_seconds_count{route=\"asset\"}"));
        assertEquals(1.0, samples.get("anonkit_refusals_total{reason=\"path\"}"));
        assertEquals(1.0, samples.get("anonkit_refusals_total{reason=\"malformed\"}"));
        assertEquals(1.0, samples.get("anonkit_refusals_total{reason=\"spoofed_header\"}"));
        assertEquals(0.0, samples.get("anonkit_refusals_total{reason=\"engine_method\"}"));
        assertEquals(1.0, samples.get("anonkit_engine_tunnels_opened_total"));
        assertEquals(0.0, samples.get("anonkit_engine_tunnels_open"));
        assertEquals(1.0, samples.get("anonkit_engine_tunnels_closed_total{code=\"1000\"}"));
        assertEquals(1.0, samples.get("anonkit_engine_frames_total{direction=\"to_qlik\"}"));
        assertEquals(1.0, samples.get("anonkit_engine_frames_total{direction=\"to_visitor\"}"));
        assertEquals(
                (double) sentMessage.getBytes(StandardCharsets.UTF_8).length,
                samples.get("anonkit_engine_payload_bytes_total{direction=\"to_qlik\"}"));
        assertEquals((double) qlik.sessionsOpened(), samples.get("anonkit_qlik_session_openings_total"));
        assertEquals((double) qlik.liveSessions(), samples.get("anonkit_qlik_sessions{user_id=\"anonymous\"}"));
        assertEquals(0.0, samples.get("anonkit_settings_revision"));
        assertTrue(samples.get("anonkit_server_threads_max") > 0);
        assertTrue(samples.containsKey("jvm_memory_used_bytes{area=\"heap\"}"), "JVM metrics");
    }

    @Test
    void theMainPortAsksForTheAdminAndTheManagementPortServesNothingElse() throws Exception {
        HttpResponse<String> anonymous = get(kit.baseUri(), "metrics", Map.of());
        assertEquals(401, anonymous.statusCode());
        assertTrue(
                anonymous.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
        String credentials = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> admin = get(kit.baseUri(), "metrics", Map.of("Authorization", "Basic " + credentials));
        assertEquals(200, admin.statusCode());
        assertTrue(admin.body().contains("anonkit_proxy_requests_total"));
        String wrong = Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                401,
                get(kit.baseUri(), "metrics", Map.of("Authorization", "Basic " + wrong))
                        .statusCode());

        for (String other : List.of("qlik/resources/hub.js", "admin/api/settings", "admin/", "metrics/x")) {
            assertEquals(404, get(kit.managementUri(), other, Map.of()).statusCode(), other);
        }
        assertEquals(200, get(kit.managementUri(), "health/ready", Map.of()).statusCode());
        assertEquals("127.0.0.1", kit.managementUri().getHost(), "loopback by default");
    }

    @Test
    void prometheusOwnLinterAcceptsEveryName() throws Exception {
        RequiredTool.require(RequiredTool.PROMTOOL);
        Path exposition = work.resolve("metrics.txt");
        Files.writeString(exposition, scrape());
        // promtool lints only; the JVM metrics of the Prometheus client are its own and named by its rules too.
        String output =
                Commands.run(Duration.ofSeconds(60), List.of("sh", "-c", "promtool check metrics < " + exposition));
        assertEquals("", output.strip(), "promtool found problems");
    }

    @Test
    void aPrometheusServerScrapesTheManagementPort() throws Exception {
        try (io.anonkit.testing.PrometheusServer prometheus = io.anonkit.testing.PrometheusServer.start(
                work.resolve("prometheus"),
                "anonkit",
                List.of(kit.managementUri().getAuthority()))) {
            String body = prometheus.awaitValue(
                    "anonkit_proxy_requests_total{route=\"csrf\",status_class=\"2xx\"}", Duration.ofSeconds(60));
            assertTrue(body.contains("\"job\":\"anonkit\""), body + "\n" + prometheus.log());
            assertTrue(body.matches(".*\"value\":\\[[0-9.]+,\"2\"\\].*"), body);
        }
    }
}
