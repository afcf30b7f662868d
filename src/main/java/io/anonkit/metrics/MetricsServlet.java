package io.anonkit.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: the kit's metrics in Prometheus' text format. Never open to visitors: on the standalone server's
 * management port (which marks its requests with {@link #MANAGEMENT_ATTRIBUTE}) anyone who reaches the port may read
 * them; everywhere else only a user in role {@value #ADMIN_ROLE} or {@value #METRICS_ROLE}, authenticated by the
 * container (HTTP BASIC, realm {@code qlik-anon-kit admin}).
 */
public class MetricsServlet extends HttpServlet {
    /** Request attribute the standalone server sets on requests that came in on its management port. */
    public static final String MANAGEMENT_ATTRIBUTE = "io.anonkit.management";
    /** The administrators' role. */
    public static final String ADMIN_ROLE = "anonkit-admin";
    /** A role that may read the metrics only, for a Prometheus server's credentials. */
    public static final String METRICS_ROLE = "anonkit-metrics";
    /** The realm of the kit's login configuration. */
    static final String REALM = "qlik-anon-kit admin";

    private static final long serialVersionUID = 1L;
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private transient KitMetrics metrics;

    @Override
    public void init() {
        metrics = KitMetrics.of(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!Boolean.TRUE.equals(request.getAttribute(MANAGEMENT_ATTRIBUTE))) {
            if (request.getUserPrincipal() == null && !authenticated(request, response)) {
                if (!response.isCommitted()) {
                    // Some containers leave the challenge to the caller for a resource without a constraint.
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
                    response.sendError(401, "Unauthorized: the metrics need the admin or metrics role's credentials");
                }
                return;
            }
            if (!request.isUserInRole(ADMIN_ROLE) && !request.isUserInRole(METRICS_ROLE)) {
                response.sendError(403, "Forbidden: the metrics are for roles " + ADMIN_ROLE + " and " + METRICS_ROLE);
                return;
            }
        }
        response.setStatus(200);
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        writer.write(response.getOutputStream(), metrics.scrape());
    }

    /**
     * Asks the container to authenticate the request with its login configuration; a container that throws instead of
     * answering (WildFly's Undertow, for missing or wrong credentials) counts as a refusal.
     */
    private static boolean authenticated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            return request.authenticate(response);
        } catch (ServletException e) {
            return false;
        }
    }

    /** TRACE would echo the request back; the kit never answers it. */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(405);
    }
}
