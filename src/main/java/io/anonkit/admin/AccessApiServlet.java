package io.anonkit.admin;

import io.anonkit.http.AccessMonitor;
import io.anonkit.http.JsonResponse;
import io.anonkit.settings.Settings;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /admin/api/access}: what visitors may reach and what the access policy refused, or in observe mode would
 * have refused, most frequent first:
 * <pre>{@code
 * {"profile": "embed", "enforcement": "observe", "allowedApps": ["..."], "extraPaths": ["/extensions/my-chart/**"],
 *  "refused": {"path": 0, ...}, "observed": {"path": 3, ...},
 *  "entries": [{"method": "GET", "pattern": "/qrs/app/**", "reason": "path", "enforced": false, "count": 3,
 *               "lastSeen": "2026-12-01T10:00:00Z"}]}
 * }</pre>
 * {@code DELETE /admin/api/access} empties the list (the counts by reason stay), for example after switching a site to
 * enforce. A listed pattern is adopted into the extra paths with {@link ExtraPathsApiServlet}.
 */
public class AccessApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AccessMonitor monitor = AccessMonitor.of(getServletContext());
        Settings settings = store().current();
        JsonArrayBuilder entries = Json.createArrayBuilder();
        for (AccessMonitor.Entry entry : monitor.entries()) {
            entries.add(Json.createObjectBuilder()
                    .add("method", entry.method())
                    .add("pattern", entry.pattern())
                    .add("reason", entry.reason().text())
                    .add("enforced", entry.enforced())
                    .add("count", entry.count())
                    .add("lastSeen", String.valueOf(entry.lastSeen())));
        }
        JsonArrayBuilder apps = Json.createArrayBuilder();
        settings.allowedApps().forEach(apps::add);
        JsonArrayBuilder extraPaths = Json.createArrayBuilder();
        settings.access().extraPaths().forEach(rule -> extraPaths.add(rule.text()));
        JsonResponse.send(
                response,
                200,
                Json.createObjectBuilder()
                        .add("profile", settings.access().profile().text())
                        .add("enforcement", settings.access().enforcement().text())
                        .add("allowedApps", apps)
                        .add("extraPaths", extraPaths)
                        .add("refused", AccessMonitor.json(monitor.refused()))
                        .add("observed", AccessMonitor.json(monitor.observed()))
                        .add("entries", entries)
                        .build());
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AccessMonitor.of(getServletContext()).clearEntries();
        JsonResponse.send(
                response, 200, Json.createObjectBuilder().add("cleared", true).build());
    }
}
