package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitEnvironment;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.PostgresServer;
import io.anonkit.testing.PrometheusServer;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.WebSocketProbe;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the alerting rules against a live node with a shared database and known traffic: every
 * metric they read is in its scrape, a real Prometheus server scraping it (as job {@value OperatorQueries#JOB})
 * answers every panel query, and no alert fires on the healthy node. The panels' answers are written to
 * {@code target/operator-tools/panels.txt}.
 */
class OperatorToolsIT {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    private int get(KitProcess kit, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(kit.baseUri().resolve(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void theDashboardAndTheAlertsReadOnlyWhatTheKitExportsAndPrometheusAnswersThem() throws Exception {
        RequiredTool.require(RequiredTool.POSTGRESQL);
        try (PostgresServer database = PostgresServer.start();
                QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = KitProcess.start(
                        work.resolve("home"),
                        KitEnvironment.openClusterNode(qlik, database, "ANONKIT_MANAGEMENT_PORT", "0"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, get(kit, "qlik/resources/hub.js", Map.of()));
                assertEquals(200, get(kit, "qlik/echo", Map.of("hdr-usr", "admin")));
            }
            WebSocketCoreClient client = WebSocketProbe.newClient();
            try {
                WebSocketProbe tunnel = WebSocketProbe.connect(
                                client,
                                URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1"),
                                Map.of("Origin", "https://site.example.com"),
                                List.of(),
                                false)
                        .get(30, TimeUnit.SECONDS);
                tunnel.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}");
                assertTrue(tunnel.next(Duration.ofSeconds(10)).text().contains("\"qHandle\":1"));

                String scrape = http.send(
                                HttpRequest.newBuilder(kit.managementUri().resolve("/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Set<String> exported = new TreeSet<>();
                for (String line : scrape.lines().toList()) {
                    Matcher sample = SAMPLE.matcher(line);
                    if (sample.matches()) {
                        exported.add(sample.group(1));
                    }
                }
                Map<String, List<String>> unknown = new TreeMap<>(OperatorQueries.allMetricNames());
                unknown.keySet().removeAll(exported);
                unknown.remove("up");
                assertEquals(Map.of(), unknown, "metrics the dashboard or the rules read that the kit does not export");

                Path folder = Path.of("target", "operator-tools");
                try (PrometheusServer prometheus = PrometheusServer.start(
                        work.resolve("prometheus"),
                        OperatorQueries.JOB,
                        List.of(kit.managementUri().getAuthority()))) {
                    prometheus.awaitValue("anonkit_engine_tunnels_open", Duration.ofSeconds(60));
                    // Traffic while Prometheus scrapes every second, so that the rates have something to show.
                    for (int i = 0; i < 40; i++) {
                        assertEquals(200, get(kit, "qlik/resources/hub.js", Map.of()));
                        assertEquals(200, get(kit, "qlik/echo", Map.of("hdr-usr", "admin")));
                        tunnel.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"handle\":1,\"method\":\"GetAppLayout\","
                                + "\"params\":[]}");
                        tunnel.next(Duration.ofSeconds(10));
                        Thread.sleep(50);
                    }
                    prometheus.awaitValue("count_over_time(up[1m]) >= 5", Duration.ofSeconds(30));
                    StringBuilder answers = new StringBuilder();
                    for (Map.Entry<String, String> panel :
                            OperatorQueries.dashboard().entrySet()) {
                        JsonObject answer = answer(prometheus, OperatorQueries.runnable(panel.getValue()));
                        JsonArray series = answer.getJsonObject("data").getJsonArray("result");
                        answers.append(panel.getKey())
                                .append(": ")
                                .append(summary(series))
                                .append('\n');
                    }
                    Files.createDirectories(folder);
                    Files.writeString(folder.resolve("panels.txt"), answers);
                    System.out.print(answers);
                    for (Map.Entry<String, String> alert :
                            OperatorQueries.alerts().entrySet()) {
                        JsonArray firing = answer(prometheus, alert.getValue())
                                .getJsonObject("data")
                                .getJsonArray("result");
                        assertEquals(0, firing.size(), alert.getKey() + " is quiet on a healthy node: " + firing);
                    }
                }
            } finally {
                client.stop();
            }
        }
    }

    /** Prometheus' answer to {@code query}, which must be a success. */
    private static JsonObject answer(PrometheusServer prometheus, String query) throws Exception {
        String body = prometheus.query(query);
        JsonObject answer = Json.createReader(new StringReader(body)).readObject();
        assertEquals("success", answer.getString("status"), query + ": " + body);
        return answer;
    }

    /** The series of an answer, each as its labels and value, shortened. */
    private static String summary(JsonArray series) {
        if (series.isEmpty()) {
            return "no series";
        }
        StringBuilder text = new StringBuilder(series.size() + " series:");
        List<JsonObject> largestFirst = series.stream()
                .map(each -> each.asJsonObject())
                .sorted(java.util.Comparator.comparingDouble((JsonObject each) -> {
                            double value = Double.parseDouble(
                                    each.getJsonArray("value").getString(1));
                            return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
                        })
                        .reversed())
                .toList();
        for (int i = 0; i < Math.min(4, largestFirst.size()); i++) {
            JsonObject each = largestFirst.get(i);
            JsonObject labels = each.getJsonObject("metric");
            Map<String, String> shown = new TreeMap<>();
            labels.forEach((name, value) -> {
                if (!name.equals("job") && !name.equals("instance")) {
                    shown.put(name, value.toString().replace("\"", ""));
                }
            });
            text.append(' ')
                    .append(shown)
                    .append('=')
                    .append(each.getJsonArray("value").getString(1));
        }
        return text.toString();
    }
}
