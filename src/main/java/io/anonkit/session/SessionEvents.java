package io.anonkit.session;

/** What happens to pooled Qlik sessions, for metrics. Implementations must not block. */
public interface SessionEvents {
    /** The kit opened a session at Qlik. */
    default void opened() {}

    /** Opening a session at Qlik failed. */
    default void openingFailed() {}

    /** Qlik replaced a pooled session's cookie (the session had ended), and the pool kept the new one. */
    default void replaced() {}

    /** The kit logged a session out at Qlik that the pool did not need. */
    default void loggedOut() {}

    /**
     * A pooled session took a cookie that another node recorded in the shared database (opened or replaced there),
     * heard of by notification or when this node read the records again.
     */
    default void adopted() {}
}
