package io.anonkit.http;

/** Paths that Qlik's proxy serves below every virtual proxy prefix, each named once for the whole kit. */
public final class QlikPaths {
    /** The signed-in user's document; a request without a session cookie opens a proxy session. */
    public static final String QPS_USER = "/qps/user";
    /** Hands out the {@code qlik-csrf-token} that engine WebSockets must carry (November 2024 and later). */
    public static final String CSRF_TOKEN = "/qps/csrftoken";
    /** The qlik-embed runtime's entry point. */
    public static final String QLIK_EMBED_MAIN = "/qlik-embed/main.js";
    /** The engine WebSocket endpoint that belongs to no app. */
    public static final String ENGINE_DATA = "/app/engineData";

    private QlikPaths() {
    }
}
