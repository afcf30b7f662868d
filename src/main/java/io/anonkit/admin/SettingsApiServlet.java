package io.anonkit.admin;

import io.anonkit.http.JsonResponse;
import io.anonkit.log.SafeText;
import io.anonkit.settings.ConcurrentChangeException;
import io.anonkit.settings.InvalidSettingsException;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import io.anonkit.settings.SettingsWarnings;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/api/settings}: the run-time settings as one JSON document.
 *
 * <ul>
 *   <li>{@code GET} answers the document ({@link AdminDocument}) with an {@code ETag}.</li>
 *   <li>{@code PUT} takes the full document. With {@code If-Match}, a document based on settings that changed since
 *       gets {@code 412}. Every invalid field is listed at once in a {@code 400}
 *       {@code {"errors": {"field": "message"}}}. A valid document is saved, audited and in force for the next
 *       request; the answer is {@code 200 {"saved": true, "warnings": {...}}} with the new {@code ETag}.</li>
 * </ul>
 */
public class SettingsApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;
    /** Largest accepted document. */
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private static final Logger LOG = System.getLogger(SettingsApiServlet.class.getName());

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings settings = store().current();
        response.setHeader("ETag", SettingsEtag.of(settings));
        JsonResponse.send(response, 200, AdminDocument.of(settings));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings basis = store().current();
        String etag = SettingsEtag.of(basis);
        if (!SettingsEtag.matches(request.getHeader("If-Match"), etag)) {
            stale(response, etag);
            return;
        }
        byte[] body = readBody(request.getInputStream());
        if (body == null) {
            JsonResponse.refuseUnread(
                    response,
                    413,
                    "Payload too large: a settings document has at most " + MAX_DOCUMENT_BYTES + " bytes");
            return;
        }
        JsonObject document;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            document = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            JsonResponse.fieldErrors(
                    response,
                    Map.of(
                            "document",
                            "the body is not a JSON object of settings (" + SafeText.quote(e.getMessage())
                                    + "); expected the document GET answers"));
            return;
        }
        AdminDocument.Result read = AdminDocument.read(document, basis);
        Map<String, String> errors = new LinkedHashMap<>(read.errors());
        Settings next = null;
        try {
            next = SettingsParser.parse(read.values()::get);
        } catch (InvalidSettingsException e) {
            e.errors().forEach((key, message) -> errors.putIfAbsent(key.documentKey(), message));
        }
        if (!errors.isEmpty()) {
            JsonResponse.fieldErrors(response, errors);
            return;
        }
        try {
            store().change(
                            basis,
                            next,
                            request.getRemoteUser() == null ? "" : request.getRemoteUser(),
                            request.getRemoteAddr());
        } catch (ConcurrentChangeException e) {
            stale(response, SettingsEtag.of(store().current()));
            return;
        } catch (io.anonkit.settings.SettingsUnavailableException e) {
            LOG.log(Level.WARNING, "settings change by " + request.getRemoteUser() + " not saved: " + e.getMessage());
            response.setHeader("Retry-After", "10");
            JsonResponse.error(
                    response,
                    503,
                    "The settings database cannot be reached, so nothing was saved and the settings in force stay on"
                            + " every node; save again once it is back (the page keeps your changes): "
                            + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "settings change by " + request.getRemoteUser() + " not saved: " + e.getMessage(), e);
            JsonResponse.error(
                    response,
                    500,
                    "The settings were not saved, and the previous settings stay in force: " + e.getMessage());
            return;
        }
        LOG.log(
                Level.INFO,
                "settings changed by " + SafeText.quote(request.getRemoteUser()) + " from " + request.getRemoteAddr()
                        + ": " + next);
        response.setHeader("ETag", SettingsEtag.of(next));
        Map<String, String> warnings = new LinkedHashMap<>();
        SettingsWarnings.of(next).forEach((key, message) -> warnings.put(key.documentKey(), message));
        JsonResponse.send(
                response,
                200,
                Json.createObjectBuilder()
                        .add("saved", true)
                        .add("warnings", JsonResponse.object(warnings))
                        .build());
    }

    private static void stale(HttpServletResponse response, String etag) throws IOException {
        response.setHeader("ETag", etag);
        JsonResponse.refuseUnread(
                response,
                412,
                "Precondition failed: the settings changed since they were read" + " (If-Match does not match " + etag
                        + "); reload them and apply your change again");
    }

    /** The body, or {@code null} when it is larger than {@link #MAX_DOCUMENT_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
        return body.length > MAX_DOCUMENT_BYTES ? null : body;
    }
}
