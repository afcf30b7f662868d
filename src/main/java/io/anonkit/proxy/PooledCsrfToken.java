package io.anonkit.proxy;

import io.anonkit.http.QlikPaths;
import io.anonkit.session.PooledSession;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * Answers a visitor's {@code GET /qps/csrftoken} with the token of the pooled session the request was given, without
 * asking Qlik. Qlik reads the token only on the engine WebSocket's handshake, and there the kit puts the session's own
 * token in place of whatever the visitor sends ({@link EngineHandshake}): the visitor's fetch, which qlik-embed makes
 * before every WebSocket open and resume, decides nothing and need not cost Qlik a request. Left to Qlik: a cross-origin
 * request (Qlik's virtual proxy adds the CORS headers that let a page read the token), one whose {@code xrfkey} query
 * and {@code X-Qlik-Xrfkey} header differ (Qlik refuses it), and any request without a pooled session or token.
 */
final class PooledCsrfToken {
    private PooledCsrfToken() {}

    /** Answers {@code request} when it may, and says whether it did. */
    static boolean serve(
            HttpServletRequest request, HttpServletResponse response, UpstreamExchange exchange, Gateway gateway) {
        Optional<PooledSession> session = exchange.session();
        if (!request.getMethod().equals("GET")
                || session.isEmpty()
                || !sameOrigin(request)
                || !xrfkeyMatches(request)) {
            return false;
        }
        Settings settings = exchange.settings();
        Optional<String> token = EngineHandshake.csrfToken(
                session.get(), settings, request.getHeader("Host"), gateway.tunnelClient(settings));
        if (token.isEmpty()) {
            return false;
        }
        response.setStatus(200);
        response.setHeader(QlikPaths.CSRF_TOKEN_NAME, token.get());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
        return true;
    }

    /** Whether the page asking is on the kit's own origin: no {@code Origin}, or the request's own. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        return host != null && origin.equalsIgnoreCase(request.getScheme() + "://" + host);
    }

    /** Whether the {@code xrfkey} of the query, if any, is the {@code X-Qlik-Xrfkey} header's, as Qlik requires. */
    private static boolean xrfkeyMatches(HttpServletRequest request) {
        String query = request.getParameter("xrfkey");
        return query == null || query.equals(request.getHeader("X-Qlik-Xrfkey"));
    }
}
