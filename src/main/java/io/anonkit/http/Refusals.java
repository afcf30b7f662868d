package io.anonkit.http;

import java.util.Optional;

/**
 * Every answer the gateway itself gives a visitor instead of Qlik's: refusals, which are counted under their
 * {@link RefusalReason}, and failures (Qlik unreachable or silent, the kit stopping), which are counted by status only.
 * Each is one entry here, with its status and message; {@code docs/refusals.md} lists them all, checked by a test.
 * A message's {@code %s} parts are filled by the caller with values it quoted ({@code SafeText}), never raw.
 */
public enum Refusals {
    // The sanitising filter, before anything else.
    HEADER_NAME(
            400,
            RefusalReason.MALFORMED,
            "Bad request: header name %s has characters other than letters, digits and '-'"),
    HEADER_VALUE(400, RefusalReason.MALFORMED, "Bad request: the value of header %s has a control character"),
    HEADERS_TOO_LARGE(
            431,
            RefusalReason.TOO_LARGE,
            "Request header fields too large: at most %s fields and %s bytes are forwarded"),
    // The gateway's admission.
    UNCONFIGURED(
            503,
            RefusalReason.UNCONFIGURED,
            "Service unavailable: upstream not configured (set %s to the Qlik virtual proxy URL)"),
    METHOD_NOT_FORWARDED(405, RefusalReason.METHOD, "Method not allowed: %s is not forwarded"),
    MISDIRECTED(421, RefusalReason.MISDIRECTED, "Misdirected request: host %s is not in %s"),
    HOST_MISSING(400, RefusalReason.MALFORMED, "Bad request: a Host header is required"),
    PATH_MALFORMED(400, RefusalReason.MALFORMED, "Bad request: %s"),
    HANDSHAKE_MALFORMED(400, RefusalReason.MALFORMED, "Bad request: %s"),
    // The visitor access policy.
    PATH_AMBIGUOUS(
            404,
            RefusalReason.PATH,
            "Not found: the path cannot be matched unambiguously (path parameters or unusual percent-encodings)"),
    APP_CONTENT_NOT_IMAGE(
            404,
            RefusalReason.PATH,
            "Not found: below /appcontent visitors reach only images (%s) of the allowed apps, %s"),
    PATH_NOT_OPEN(404, RefusalReason.PATH, "Not found: this path is not open to visitors in the access profile %s, %s"),
    METHOD_NOT_ALLOWED(405, RefusalReason.METHOD, "Method not allowed: visitors may only %s this path"),
    ENGINE_NOT_AT_APP(403, RefusalReason.APP, "Forbidden: engine WebSockets open only at app/<app id>"),
    ENGINE_GLOBAL(403, RefusalReason.APP, "Forbidden: the global engine endpoint is not open to visitors"),
    ENGINE_NO_APPS(403, RefusalReason.APP, "Forbidden: no app is open to visitors (set %s)"),
    ENGINE_APP_NOT_OPEN(403, RefusalReason.APP, "Forbidden: this app is not open to visitors"),
    ENGINE_PATH(
            403,
            RefusalReason.APP,
            "Forbidden: engine WebSockets open only at app/<app id> or app/<app id>/identity/<identity>"),
    IDENTITY_IN_SHARED_SCOPE(
            403,
            RefusalReason.IDENTITY,
            "Forbidden: visitors share one engine session per app here"
                    + " (selection scope shared), so no identity is accepted"),
    IDENTITY_INVALID(
            403,
            RefusalReason.IDENTITY,
            "Forbidden: the engine identity was not issued by this site, has"
                    + " expired or belongs to another selection scope; reload the page"),
    // Per-client and per-node limits.
    REQUEST_RATE(
            429,
            RefusalReason.LIMIT,
            "Too many requests: more than %s requests per second (burst %s) from one"
                    + " client, see %s; retry after %s s"),
    TUNNELS_AT_MOST(
            429,
            RefusalReason.LIMIT,
            "Too many requests: the kit holds its most engine tunnels (%s, see %s); retry after %s s"),
    TUNNELS_PER_CLIENT(
            429,
            RefusalReason.LIMIT,
            "Too many requests: more than %s engine tunnels open from one client, see %s; retry after %s s"),
    TUNNEL_RATE(
            429,
            RefusalReason.LIMIT,
            "Too many requests: more than %s engine tunnels opened per minute from one client, see %s; retry after %s s"),
    // Failures: Qlik or the kit could not serve a request it accepted.
    QLIK_SILENT(504, null, "Gateway timeout: the Qlik server did not answer within %s ms, %s"),
    QLIK_UNREACHABLE(502, null, "Bad gateway: the Qlik server could not be reached or broke the connection"),
    SESSION_SILENT(504, null, "Gateway timeout: the Qlik server did not open a session within %s ms"),
    SESSION_REFUSED(502, null, "Bad gateway: %s"),
    SESSION_AWAITS_DATABASE(
            503, null, "Service unavailable: %s, and this node holds no other Qlik session; retry after %s s"),
    HANDSHAKE_SILENT(504, null, "Gateway timeout: the Qlik server did not answer the WebSocket handshake in %s ms"),
    HANDSHAKE_UNREACHABLE(502, null, "Bad gateway: the Qlik server could not be reached for the WebSocket"),
    HANDSHAKE_REFUSED_BY_QLIK(0, null, "The Qlik server refused the WebSocket upgrade with status %s"),
    STOPPING(503, null, "Service unavailable: the kit is stopping"),
    NO_WEBSOCKETS(501, null, "Not implemented: this servlet container offers no WebSocket support"),
    UPGRADE_FAILED(500, null, "Internal error: the WebSocket upgrade failed");

    private final int status;
    private final RefusalReason reason;
    private final String message;

    Refusals(int status, RefusalReason reason, String message) {
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    /** The status sent; 0 where it is Qlik's own ({@link #HANDSHAKE_REFUSED_BY_QLIK}). */
    public int status() {
        return status;
    }

    /** What the refusal is counted under; empty for a failure. */
    public Optional<RefusalReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** The message, with a {@code %s} for each part the caller fills in. */
    public String message() {
        return message;
    }

    /**
     * This answer with {@code parts} in its message. It asks the client to close the connection, so that nothing more
     * on it is parsed, except {@link #UNCONFIGURED}, which is about the kit's state rather than the request.
     */
    public Refusal with(Object... parts) {
        return withStatus(status, parts);
    }

    /** This answer with {@code status} instead of its own, for {@link #HANDSHAKE_REFUSED_BY_QLIK}. */
    public Refusal withStatus(int status, Object... parts) {
        return new Refusal(
                status,
                String.format(java.util.Locale.ROOT, message, parts),
                java.util.Map.of(),
                this != UNCONFIGURED,
                reason);
    }
}
