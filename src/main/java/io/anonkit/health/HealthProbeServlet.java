package io.anonkit.health;

import io.anonkit.database.DatabaseConnections;
import io.anonkit.http.JsonResponse;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsStore;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Probes for orchestrators, each answering 200 or 503 with a small JSON document:
 * <ul>
 *   <li>{@code GET /health/live}: the kit serves requests ({@code {"status":"UP"}}); a failing liveness probe means
 *       restart the process;</li>
 *   <li>{@code GET /health/ready}: the kit can serve visitors now: its settings are loaded, the upstream accepts
 *       connections, and with a shared database the database answers; 503 takes the node out of a load balancer's
 *       rotation until the cause is gone, without a restart.</li>
 * </ul>
 * <pre>{@code
 * {"status":"DOWN","checks":{"settings":true,"upstream":false,"database":true}}
 * }</pre>
 * The results are reused for five seconds, so a probe every second never loads Qlik or the database.
 */
public class HealthProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private transient UpstreamProbe upstream;
    private transient Optional<DatabaseProbe> database;

    @Override
    public void init() {
        upstream = new UpstreamProbe(Clock.systemUTC());
        database = getServletContext().getAttribute(DatabaseConnections.ATTRIBUTE)
                        instanceof DatabaseConnections.Named named
                ? Optional.of(new DatabaseProbe(named.source(), Clock.systemUTC()))
                : Optional.empty();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.endsWith("/live")) {
            answer(response, true, Json.createObjectBuilder());
        } else if (path.endsWith("/ready")) {
            ready(response);
        } else {
            response.sendError(404);
        }
    }

    private void ready(HttpServletResponse response) throws IOException {
        JsonObjectBuilder checks = Json.createObjectBuilder();
        Object store = getServletContext().getAttribute(SettingsStore.ATTRIBUTE);
        boolean settings = store instanceof SettingsStore;
        checks.add("settings", settings);
        boolean ready = settings;
        if (settings) {
            Settings current = ((SettingsStore) store).current();
            boolean reachable = current.upstream()
                    .map(url -> upstream.check(url).reachable())
                    .orElse(false);
            checks.add("upstream", reachable);
            ready = reachable;
        }
        if (database.isPresent()) {
            boolean answers = database.get().check().reachable();
            checks.add("database", answers);
            ready &= answers;
        }
        answer(response, ready, Json.createObjectBuilder().add("checks", checks));
    }

    private static void answer(HttpServletResponse response, boolean up, JsonObjectBuilder details) throws IOException {
        JsonResponse.send(
                response,
                up ? 200 : 503,
                Json.createObjectBuilder()
                        .add("status", up ? "UP" : "DOWN")
                        .addAll(details)
                        .build());
    }

    /** TRACE would echo the request back; the kit never answers it. */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(405);
    }
}
