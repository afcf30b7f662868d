package io.anonkit.http;

/**
 * Why the kit refused, or in observe mode would have refused, a visitor's request: the label it is counted under in
 * {@code anonkit_refusals_total} and shown in {@code /health} and on the admin page.
 */
public enum RefusalReason {
    /** A path the access profile does not open (404). */
    PATH,
    /** A method the path does not allow, or one the gateway never forwards (405). */
    METHOD,
    /** An engine WebSocket to an app that is not allowed, or not at {@code app/<id>} (403). */
    APP,
    /** An engine identity the kit did not issue, has expired, or belongs to another scope (403). */
    IDENTITY,
    /** A client over one of its limits (429). */
    LIMIT,
    /** An engine request the engine firewall does not let cross, or a malformed engine message. */
    ENGINE,
    /** A request no browser sends: a broken header, path or WebSocket handshake, or no Host (400). */
    MALFORMED,
    /** More header fields or bytes than the kit forwards (431). */
    TOO_LARGE,
    /** A Host the kit does not serve (421). */
    MISDIRECTED,
    /** No Qlik server configured yet (503). */
    UNCONFIGURED;

    /** The reason's name in JSON and logs, such as {@code path}. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The reason's label in the metrics, such as {@code path}; {@code engine_method} for {@link #ENGINE}. */
    public String label() {
        return this == ENGINE ? "engine_method" : text();
    }
}
