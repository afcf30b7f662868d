package io.anonkit.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Calls the kit's admin API as a script would: HTTP Basic, JSON bodies, no browser headers unless asked. */
public final class AdminClient {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String authorization;

    /** A client for the kit at {@code base} (ending in '/') with {@code user} and {@code password}. */
    public AdminClient(URI base, String user, String password) {
        this.base = base;
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code method} to {@code path} (relative to the kit) with {@code body} and extra headers. */
    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET path}. */
    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, Map.of());
    }

    /** The settings document. */
    public JsonObject settings() throws Exception {
        HttpResponse<String> response = get("admin/api/settings");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET settings answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** {@code PUT} of the current document with {@code changes} applied, as JSON, based on its ETag. */
    public HttpResponse<String> change(Map<String, String> changes) throws Exception {
        HttpResponse<String> current = get("admin/api/settings");
        var document = Json.createObjectBuilder(json(current.body()));
        changes.forEach(document::add);
        return send(
                "PUT",
                "admin/api/settings",
                document.build().toString(),
                Map.of(
                        "Content-Type",
                        "application/json",
                        "If-Match",
                        current.headers().firstValue("ETag").orElseThrow()));
    }

    /** Parses a JSON object. */
    public static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
