package io.anonkit.admin;

import io.anonkit.doctor.Doctor;
import io.anonkit.doctor.Finding;
import io.anonkit.faces.LoaderAsset;
import io.anonkit.http.JsonResponse;
import io.anonkit.metrics.KitMetrics;
import io.anonkit.settings.Settings;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /admin/api/doctor}: runs the {@link Doctor} now and answers
 * {@code {"checks": [{"id", "title", "status": "pass|warn|fail", "detail", "fix"}], "summary": {"pass": n, ...}}}.
 * It is a {@code POST} because it makes requests to Qlik; the guard's cross-site checks apply.
 */
public class DoctorApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings settings = store().current();
        String local =
                request.getLocalAddr().contains(":") ? "[" + request.getLocalAddr() + "]" : request.getLocalAddr();
        URI kit = URI.create(
                request.getScheme() + "://" + local + ":" + request.getLocalPort() + request.getContextPath());
        URI publicUrl = settings.embed()
                .publicUrl()
                .orElse(URI.create(request.getScheme() + "://"
                        + (request.getHeader("Host") == null ? local : request.getHeader("Host"))));
        String publicHost = publicUrl.getRawAuthority();
        String publicOrigin = publicUrl.getScheme() + "://" + publicUrl.getRawAuthority();
        Doctor doctor = new Doctor(settings, kit, publicHost, publicOrigin, LoaderAsset.PATH);
        JsonArrayBuilder checks = Json.createArrayBuilder();
        Map<Finding.Status, Integer> summary = new EnumMap<>(Finding.Status.class);
        Map<String, String> verdict = new java.util.LinkedHashMap<>();
        try {
            for (Finding finding : doctor.run()) {
                summary.merge(finding.status(), 1, Integer::sum);
                verdict.put(finding.id(), finding.status().name().toLowerCase(Locale.ROOT));
                checks.add(Json.createObjectBuilder()
                        .add("id", finding.id())
                        .add("title", finding.title())
                        .add("status", finding.status().name().toLowerCase(Locale.ROOT))
                        .add("detail", finding.detail())
                        .add("fix", finding.fix()));
            }
        } catch (Exception e) {
            JsonResponse.error(response, 500, "The doctor could not run: " + e.getMessage());
            return;
        }
        KitMetrics.of(getServletContext())
                .doctorRan(new KitMetrics.DoctorVerdict(java.time.Instant.now(), Map.copyOf(verdict)));
        var counts = Json.createObjectBuilder();
        for (Finding.Status status : Finding.Status.values()) {
            counts.add(status.name().toLowerCase(Locale.ROOT), summary.getOrDefault(status, 0));
        }
        JsonResponse.send(
                response,
                200,
                Json.createObjectBuilder()
                        .add("checks", checks)
                        .add("summary", counts)
                        .build());
    }
}
