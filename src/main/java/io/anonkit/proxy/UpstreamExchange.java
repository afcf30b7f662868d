package io.anonkit.proxy;

import io.anonkit.identity.IdentityPolicy;
import io.anonkit.identity.IdentityPolicy.InjectedHeader;
import io.anonkit.metrics.RouteKind;
import io.anonkit.session.PooledSession;
import io.anonkit.session.SessionCookies;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway decided, once, about one admitted request: the settings snapshot it is served with, the upstream
 * URL, the identity policy and the pooled Qlik session it carries. It is kept under one request attribute
 * ({@link #ATTRIBUTE}); every later step (Jetty's proxy hooks, the WebSocket handshake, {@link UpstreamHeaders}) reads
 * it and none decides again.
 *
 * @param settings the snapshot the request is served with
 * @param target   the upstream {@code http:} or {@code https:} URL, path and query as the visitor sent them
 * @param policy   what to strip from the visitor's headers and, without a pooled session, what to inject
 * @param session  the pooled Qlik session the request is sent with, or empty without the pool
 * @param client   the client's address (see {@code ClientAddress})
 * @param app      for an engine WebSocket the access policy accepted, the app it opens
 * @param sharedEngineSession for an engine WebSocket, whether it opens the app's shared engine session (no identity)
 * @param route    what the request is for, for metrics
 * @param remainder the request's path below the mount as sent, split and checked once by the admission
 * @param started  {@link System#nanoTime()} when the exchange was resolved, for metrics
 */
record UpstreamExchange(
        Settings settings,
        String target,
        IdentityPolicy policy,
        Optional<PooledSession> session,
        String client,
        Optional<String> app,
        boolean sharedEngineSession,
        RouteKind route,
        String remainder,
        long started) {
    /** Request attribute holding the request's exchange. */
    static final String ATTRIBUTE = UpstreamExchange.class.getName();

    /** The exchange resolved for {@code request}. */
    static UpstreamExchange of(HttpServletRequest request) {
        return Objects.requireNonNull((UpstreamExchange) request.getAttribute(ATTRIBUTE), "no exchange resolved");
    }

    /**
     * The exchange an upstream request was sent for, kept in that request's attributes (a plain map: the servlet
     * request's attributes cost more, and Jetty's proxy hooks ask several times per request).
     */
    static UpstreamExchange of(org.eclipse.jetty.client.Request upstreamRequest) {
        return Objects.requireNonNull(
                (UpstreamExchange) upstreamRequest.getAttributes().get(ATTRIBUTE), "no exchange resolved");
    }

    /** The one identity header to inject: the pooled session's, else the policy's; empty in the {@code none} mode. */
    Optional<InjectedHeader> identity() {
        return session.isPresent() ? session.get().identity() : policy.injected();
    }

    /** The {@code Cookie} header to send: the pooled session's, else the visitor's Qlik session cookies only. */
    Optional<String> cookie(HttpServletRequest request) {
        return session.isPresent()
                ? session.get().cookie()
                : SessionCookies.qlikSessionCookies(request.getHeaders("Cookie"));
    }

    /** For an engine WebSocket with an identity, the identity sent to Qlik ({@code app/<id>/identity/<this>}). */
    Optional<String> engineIdentity() {
        if (sharedEngineSession || app.isEmpty()) {
            return Optional.empty();
        }
        String path = withoutQuery(target);
        int at = path.lastIndexOf(IDENTITY_SEGMENT);
        return at < 0 ? Optional.empty() : Optional.of(path.substring(at + IDENTITY_SEGMENT.length()));
    }

    /** This engine WebSocket's exchange on the app's shared engine session: its target without the identity. */
    UpstreamExchange onSharedEngineSession() {
        String path = withoutQuery(target);
        int at = path.lastIndexOf(IDENTITY_SEGMENT);
        String shared = at < 0 ? target : path.substring(0, at) + target.substring(path.length());
        return new UpstreamExchange(settings, shared, policy, session, client, app, true, route, remainder, started);
    }

    private static final String IDENTITY_SEGMENT = "/identity/";

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** The target as a WebSocket URL, {@code ws:} or {@code wss:}. */
    URI webSocketTarget() {
        return URI.create("ws" + target.substring("http".length()));
    }
}
