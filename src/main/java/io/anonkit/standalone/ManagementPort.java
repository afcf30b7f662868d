package io.anonkit.standalone;

import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The standalone server's management port: requests that arrive on its connector reach only the metrics and the health
 * endpoints (404 for anything else) and are marked with a request attribute, by which {@code /metrics} knows that it
 * need not ask for the admin password. Requests on the main port pass through unmarked.
 */
final class ManagementPort extends Handler.Wrapper {
    /** The request attribute; the metrics servlet reads the same name ({@code MetricsServlet.MANAGEMENT_ATTRIBUTE}). */
    static final String ATTRIBUTE = "io.anonkit.management";
    /** What the management port serves, below the context path. */
    static final Set<String> PATHS =
            Set.of("/metrics", "/health", "/health/live", "/health/ready", "/health/dependencies");

    private final Connector connector;
    private final String contextPath;

    ManagementPort(Handler handler, Connector connector, String contextPath) {
        super(handler);
        this.connector = connector;
        this.contextPath = contextPath.equals("/") ? "" : contextPath;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() != connector) {
            return super.handle(request, response, callback);
        }
        String path = request.getHttpURI().getPath();
        boolean served = path != null
                && path.startsWith(contextPath)
                && PATHS.contains(path.substring(contextPath.length()))
                && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"));
        if (!served) {
            Response.writeError(request, response, callback, 404);
            return true;
        }
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
        return super.handle(request, response, callback);
    }
}
