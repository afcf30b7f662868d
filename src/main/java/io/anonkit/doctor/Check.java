package io.anonkit.doctor;

/** The doctor's checks, in the order it runs them, each with a stable id and what it checks. */
public enum Check {
    /** The upstream answers, over TLS the kit trusts. */
    REACHABLE("reachable", "Upstream reachable over trusted TLS"),
    /** {@code GET /qps/user} through the kit answers with the injected identity. */
    QPS_USER("qps-user", "GET /qps/user answers with the injected identity"),
    /** Qlik's session cookie has a name the kit forwards and safe flags. */
    SESSION_COOKIE("session-cookie", "Session cookie name and flags"),
    /** {@code /qps/csrftoken} hands out the engine WebSocket's token. */
    CSRF_TOKEN("csrf-token", "/qps/csrftoken hands out the WebSocket CSRF token"),
    /** The qlik-embed runtime is served. */
    QLIK_EMBED("qlik-embed", "qlik-embed/main.js is served"),
    /** The public host passes the kit's and Qlik's host checks. */
    HOST_ALLOW_LIST("host-allow-list", "The host allow lists cover the public host"),
    /** The loader pages use can be fetched. */
    LOADER("loader", "The qlik-embed loader can be fetched"),
    /** Asked of Qlik directly: the shared user sees no more apps than visitors may open. */
    SHARED_USER("shared-user", "The shared user sees only the allowed apps"),
    /** Asked of Qlik directly: the analytic connections visitors' expressions could call, and what the kit lets through. */
    ANALYTIC_CONNECTIONS("analytic-connections", "Analytic connections visitors' expressions could call");

    private final String id;
    private final String title;

    Check(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The stable id, such as {@code qps-user}. */
    public String id() {
        return id;
    }

    /** What is checked, for people. */
    public String title() {
        return title;
    }
}
