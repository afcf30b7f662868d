package io.anonkit.health;

import io.anonkit.http.JsonResponse;
import io.anonkit.settings.SettingsStore;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Probes for orchestrators and load balancers, each answering 200 or 503 with a small JSON document:
 * <ul>
 *   <li>{@code GET /health/live}: the kit serves requests ({@code {"status":"UP"}}); a failing liveness probe means
 *       restart the process;</li>
 *   <li>{@code GET /health/ready}: this node should get visitors: its settings are loaded, it is not stopping
 *       ({@link #STOPPING_ATTRIBUTE}: the standalone server drains for {@code ANONKIT_SHUTDOWN_DRAIN}), and it is not
 *       near its own limits (engine tunnels under 95% of {@code ANONKIT_MAX_TUNNELS}, server threads to spare). 503 takes the node
 *       out of rotation until that passes. What every node shares, Qlik and the database, is reported under
 *       {@code dependencies} but never makes a node unready: taking every node out at once would turn a blip that the
 *       kit rides out (pooled sessions, settings in memory) into a total outage, and leave visitors the load balancer's
 *       error instead of the kit's 502;</li>
 *   <li>{@code GET /health/dependencies}: whether Qlik and the database answer, 503 when one does not: for alerts,
 *       not for routing.</li>
 * </ul>
 * <pre>{@code
 * {"status":"UP","checks":{"settings":true,"running":true,"tunnels":true,"threads":true},
 *  "dependencies":{"upstream":false,"database":true}}
 * }</pre>
 * Dependency results are reused for five seconds, so a probe every second never loads Qlik or the database.
 */
public class HealthProbeServlet extends HttpServlet {
    /**
     * Servlet context attribute a server sets to {@link Boolean#TRUE} when it begins to stop the kit: readiness turns
     * 503 at once, while the node still serves, so that load balancers take it out before it closes.
     */
    public static final String STOPPING_ATTRIBUTE = "io.anonkit.health.stopping";

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.endsWith("/live")) {
            answer(response, true, Json.createObjectBuilder());
        } else if (path.endsWith("/ready")) {
            ready(response);
        } else if (path.endsWith("/dependencies")) {
            dependencies(response);
        } else {
            response.sendError(404);
        }
    }

    private void ready(HttpServletResponse response) throws IOException {
        ServletContext context = getServletContext();
        JsonObjectBuilder checks = Json.createObjectBuilder();
        boolean ready;
        if (context.getAttribute(SettingsStore.ATTRIBUTE) instanceof SettingsStore store) {
            boolean tunnels = ServerLoad.tunnelsLeaveRoom(context, store.current());
            boolean threads = ServerLoad.threadsLeaveRoom(context);
            boolean running = !Boolean.TRUE.equals(context.getAttribute(STOPPING_ATTRIBUTE));
            checks.add("settings", true)
                    .add("running", running)
                    .add("tunnels", tunnels)
                    .add("threads", threads);
            ready = running && tunnels && threads;
        } else {
            checks.add("settings", false);
            ready = false;
        }
        answer(
                response,
                ready,
                Json.createObjectBuilder().add("checks", checks).add("dependencies", dependencyChecks()));
    }

    private void dependencies(HttpServletResponse response) throws IOException {
        JsonObjectBuilder checks = dependencyChecks();
        boolean up = DependencyChecks.of(getServletContext()).current().values().stream()
                .allMatch(Boolean::booleanValue);
        answer(response, up, Json.createObjectBuilder().add("checks", checks));
    }

    private JsonObjectBuilder dependencyChecks() {
        JsonObjectBuilder checks = Json.createObjectBuilder();
        DependencyChecks.of(getServletContext()).current().forEach(checks::add);
        return checks;
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
