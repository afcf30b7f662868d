package io.anonkit.access;

/** Why the kit refused, or in observe mode would have refused, a visitor's request. */
public enum RefusalReason {
    /** A path the access profile does not open (404). */
    PATH,
    /** A method the path does not allow (405). */
    METHOD,
    /** An engine WebSocket to an app that is not allowed, or not at {@code app/<id>} (403). */
    APP,
    /** An engine identity the kit did not issue, has expired, or belongs to another scope (403). */
    IDENTITY,
    /** A client over one of its limits (429). */
    LIMIT,
    /** An engine request the engine firewall does not let cross, or a malformed engine message. */
    ENGINE;

    /** The reason's name in JSON and logs, such as {@code path}. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
