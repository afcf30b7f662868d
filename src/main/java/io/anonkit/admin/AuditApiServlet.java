package io.anonkit.admin;

import io.anonkit.http.JsonResponse;
import io.anonkit.log.SafeText;
import io.anonkit.settings.AuditEntry;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /admin/api/audit[?limit=N]}: the latest settings changes, newest first, as
 * {@code {"entries": [{"at", "actor", "remoteAddress", "changes": [{"key", "before", "after"}]}]}}; secrets read
 * {@code (secret)}. {@code limit} is 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent.
 */
public class AuditApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = request.getParameter("limit");
        int limit = DEFAULT_LIMIT;
        if (text != null) {
            limit = text.matches("\\d{1,4}") ? Integer.parseInt(text) : 0;
            if (limit < 1 || limit > MAX_LIMIT) {
                JsonResponse.error(
                        response,
                        400,
                        "limit " + SafeText.quote(text) + " is not allowed; expected a whole number from 1 to "
                                + MAX_LIMIT);
                return;
            }
        }
        JsonArrayBuilder entries = Json.createArrayBuilder();
        for (AuditEntry entry : store().repository().auditTrail(limit)) {
            entries.add(entry.toJson());
        }
        JsonResponse.send(
                response,
                200,
                Json.createObjectBuilder().add("entries", entries).build());
    }
}
