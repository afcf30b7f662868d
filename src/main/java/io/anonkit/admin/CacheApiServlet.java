package io.anonkit.admin;

import io.anonkit.cache.CachePurge;
import io.anonkit.http.JsonResponse;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code DELETE /admin/api/cache}: drops every answer the shared asset cache holds, for example after Qlik's files
 * changed while {@code ANONKIT_CACHE_MIN_TTL} keeps old ones fresh. Answers {@code {"purged": 12}} (the entries
 * dropped on this node; each node of a cluster has its own cache), or 503 before the gateway started. Its figures are
 * in {@code GET /admin/api/status}.
 */
public class CacheApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(CacheApiServlet.class.getName());

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(getServletContext().getAttribute(CachePurge.ATTRIBUTE) instanceof CachePurge purge)) {
            JsonResponse.send(
                    response,
                    503,
                    Json.createObjectBuilder()
                            .add("error", "Service unavailable: the gateway has not started")
                            .build());
            return;
        }
        long purged = purge.purge();
        LOG.log(System.Logger.Level.INFO, "the asset cache was purged by an admin: " + purged + " entries dropped");
        JsonResponse.send(
                response, 200, Json.createObjectBuilder().add("purged", purged).build());
    }
}
