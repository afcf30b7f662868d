package io.anonkit.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's Prometheus server, scraping given targets every second under one job, with its query API for tests. */
public final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI api;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, Path log, URI api) {
        this.process = process;
        this.log = log;
        this.api = api;
    }

    /** Starts Prometheus in {@code folder}, scraping {@code targets} ({@code host:port}) as job {@code job}. */
    public static PrometheusServer start(Path folder, String job, List<String> targets) throws Exception {
        RequiredTool.require(RequiredTool.PROMETHEUS);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.createDirectories(folder);
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(
                config,
                "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: " + job + "\n"
                        + "    static_configs:\n      - targets: ['" + String.join("', '", targets) + "']\n");
        Path log = folder.resolve("prometheus.log");
        Process process = TestProcesses.start(new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + folder.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        return new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port + "/api/v1/"));
    }

    /** The JSON answer of an instant query for {@code expression} now; Prometheus' error answers included. */
    public String query(String expression) throws IOException, InterruptedException {
        URI uri = api.resolve("query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * Waits up to {@code within} for {@code expression} to have a value (Prometheus starting, the first scrapes), and
     * returns the last answer.
     */
    public String awaitValue(String expression, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                body = query(expression);
                if (body.contains("\"value\"")) {
                    return body;
                }
            } catch (IOException notYet) {
                // Prometheus is still starting.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no value of " + expression + " within " + within + ": " + body + "\n" + log());
    }

    /** What Prometheus logged. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        TestProcesses.end(process);
    }
}
