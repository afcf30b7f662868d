package io.anonkit.http;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes JSON answers (the admin API's, the health probes'), never cached. */
public final class JsonResponse {
    private JsonResponse() {}

    /** Sends {@code status} with {@code body}. */
    public static void send(HttpServletResponse response, int status, JsonStructure body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=utf-8");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Sends {@code status} with {@code {"error": message}}. */
    public static void error(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, Json.createObjectBuilder().add("error", message).build());
    }

    /**
     * Sends {@code status} with {@code {"error": message}} for a request whose body is left unread, and ends the
     * connection with it: a client must not send its next request on a connection the server may drop while
     * discarding that body.
     */
    public static void refuseUnread(HttpServletResponse response, int status, String message) throws IOException {
        response.setHeader("Connection", "close");
        error(response, status, message);
    }

    /** Sends 400 with {@code {"errors": {field: message}}}. */
    public static void fieldErrors(HttpServletResponse response, Map<String, String> errors) throws IOException {
        send(
                response,
                400,
                Json.createObjectBuilder().add("errors", object(errors)).build());
    }

    /** A JSON object of {@code values}, in their order. */
    public static JsonObject object(Map<String, String> values) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        values.forEach(object::add);
        return object.build();
    }
}
