package io.anonkit.admin;

import io.anonkit.http.JsonResponse;
import io.anonkit.identity.SanitisingFilter;
import io.anonkit.metrics.KitMetrics;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /admin/api/status}: the status panel's figures, from the same counters as {@code /metrics}:
 * <pre>{@code
 * {"openTunnels": 2, "pooledSessions": {"anonymous": 5}, "requestsPerSecond": 12.5,
 *  "refusedLastHour": {"path": 3, "method": 0, ..., "malformed": 0, "spoofed_header": 1}, "spoofAttempts": 1,
 *  "engineSessions": {"inUse": 48, "budget": 200, "overflowed": 0},
 *  "cache": {"hits": 950, "misses": 12, "revalidations": 3, "passes": 1, "coalescedWaits": 40, "entries": 12,
 *            "bytes": 4200000, "maxBytes": 67108864, "evictions": 0},
 *  "doctor": {"at": "2026-12-01T10:00:00Z", "pass": 5, "warn": 1, "fail": 0}}
 * }</pre>
 * {@code doctor} is {@code null} until the doctor ran on this node.
 */
public class StatusApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        KitMetrics metrics = KitMetrics.of(getServletContext());
        JsonObjectBuilder sessions = Json.createObjectBuilder();
        metrics.pooledSessions().forEach(sessions::add);
        JsonObjectBuilder refused = Json.createObjectBuilder();
        metrics.history().refusalsOfTheLastHour().forEach(refused::add);
        JsonObjectBuilder status = Json.createObjectBuilder()
                .add(
                        "openTunnels",
                        io.anonkit.client.ClientLimits.of(getServletContext()).openTunnels())
                .add("pooledSessions", sessions)
                .add("requestsPerSecond", Math.round(metrics.history().requestsPerSecond() * 10) / 10.0)
                .add("refusedLastHour", refused)
                .add("engineSessions", engineSessions(metrics.engineSessions()))
                .add("cache", cache(metrics.cache()))
                .add(
                        "spoofAttempts",
                        SanitisingFilter.monitorOf(getServletContext()).attempts());
        metrics.doctor()
                .ifPresentOrElse(
                        verdict -> {
                            JsonObjectBuilder doctor = Json.createObjectBuilder()
                                    .add("at", verdict.at().toString());
                            for (String each : new String[] {"pass", "warn", "fail"}) {
                                doctor.add(
                                        each,
                                        verdict.checks().values().stream()
                                                .filter(each::equals)
                                                .count());
                            }
                            status.add("doctor", doctor);
                        },
                        () -> status.addNull("doctor"));
        JsonResponse.send(response, 200, status.build());
    }

    private static JsonObjectBuilder engineSessions(io.anonkit.budget.EngineSessionFigures figures) {
        return Json.createObjectBuilder()
                .add("inUse", figures.inUse())
                .add("budget", figures.budget())
                .add("overflowed", figures.overflowed());
    }

    private static JsonObjectBuilder cache(io.anonkit.cache.CacheFigures figures) {
        return Json.createObjectBuilder()
                .add("hits", figures.hits())
                .add("misses", figures.misses())
                .add("revalidations", figures.revalidations())
                .add("passes", figures.passes())
                .add("coalescedWaits", figures.coalescedWaits())
                .add("entries", figures.entries())
                .add("bytes", figures.bytes())
                .add("maxBytes", figures.maxBytes())
                .add("evictions", figures.evictions());
    }
}
