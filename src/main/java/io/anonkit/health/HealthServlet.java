package io.anonkit.health;

import io.anonkit.client.ClientLimits;
import io.anonkit.http.AccessMonitor;
import io.anonkit.http.JsonResponse;
import io.anonkit.identity.SanitisingFilter;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsStore;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health}: 200 with a JSON document while the kit serves (liveness). Upstream reachability is a field, not
 * the status code, so a Qlik outage does not make a load balancer take the kit out of service.
 *
 * <pre>{@code
 * {"status":"UP","identityMode":"header-static","spoofAttempts":0,
 *  "access":{"profile":"embed","enforcement":"enforce","refused":{"path":0,"method":0,"app":0,"identity":0,"limit":0},
 *            "observed":{"path":0,...}},"openTunnels":0,
 *  "upstream":{"configured":true,"url":"https://qlik.internal/hdr","reachable":true,"checkedAt":"..."}}
 * }</pre>
 * With the built-in inspection upstream ({@code inspect:}) {@code upstream} also has {@code "inspection":true}.
 */
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private transient DependencyChecks dependencies;
    private transient SettingsStore store;

    @Override
    public void init() {
        store = SettingsStore.of(getServletContext());
        dependencies = DependencyChecks.of(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings settings = store.current();
        AccessMonitor access = AccessMonitor.of(getServletContext());
        JsonObjectBuilder upstream =
                Json.createObjectBuilder().add("configured", settings.upstream().isPresent());
        if (settings.inspecting()) {
            // No Qlik server: the kit answers /qlik/ itself. Pages say so (the index page reads this field).
            upstream.add("inspection", true);
        }
        settings.upstream().ifPresent(url -> {
            UpstreamProbe.Result result = dependencies.upstream(url);
            upstream.add("url", url.toString())
                    .add("reachable", result.reachable())
                    .add("checkedAt", result.checkedAt().toString());
            if (result.error() != null) {
                upstream.add("error", result.error());
            }
        });
        JsonResponse.send(
                response,
                200,
                Json.createObjectBuilder()
                        .add("status", "UP")
                        .add("identityMode", settings.identityMode().text())
                        .add(
                                "spoofAttempts",
                                SanitisingFilter.monitorOf(getServletContext()).attempts())
                        .add(
                                "access",
                                Json.createObjectBuilder()
                                        .add(
                                                "profile",
                                                settings.access().profile().text())
                                        .add(
                                                "enforcement",
                                                settings.access().enforcement().text())
                                        .add("refused", AccessMonitor.json(access.refused()))
                                        .add("observed", AccessMonitor.json(access.observed())))
                        .add("openTunnels", ClientLimits.of(getServletContext()).openTunnels())
                        .add("upstream", upstream)
                        .build());
    }

    /** TRACE would echo the request back; the kit never answers it. */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(405);
    }
}
