package io.anonkit.http;

/**
 * Paths that Qlik's proxy serves below every virtual proxy prefix, each named once for the whole kit, and the kit's
 * mount where they appear to visitors ({@code /qlik/qps/user} below the kit's context path).
 */
public final class QlikPaths {
    /** The gateway's mount below the kit's context path, as {@code web.xml} maps it ({@code /qlik/*}). */
    public static final String MOUNT = "/qlik";
    /** The signed-in user's document; a request without a session cookie opens a proxy session. */
    public static final String QPS_USER = "/qps/user";
    /** Hands out the {@code qlik-csrf-token} that engine WebSockets must carry (November 2024 and later). */
    public static final String CSRF_TOKEN = "/qps/csrftoken";
    /**
     * The name of the CSRF token: the header of {@link #CSRF_TOKEN}'s answer and the query parameter of an engine
     * WebSocket, tied to the proxy session that issued it.
     */
    public static final String CSRF_TOKEN_NAME = "qlik-csrf-token";
    /** The qlik-embed runtime's entry point. */
    public static final String QLIK_EMBED_MAIN = "/qlik-embed/main.js";
    /** The engine WebSocket endpoint that belongs to no app. */
    public static final String ENGINE_DATA = "/app/engineData";

    private QlikPaths() {}
}
