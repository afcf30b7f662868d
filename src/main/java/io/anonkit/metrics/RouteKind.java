package io.anonkit.metrics;

import java.util.Locale;

/** What a proxied request is for, as a bounded metric label. */
public enum RouteKind {
    /** A static file: the qlik-embed runtime, Qlik's resources, or a file with a static extension. */
    ASSET,
    /** {@code GET /qps/csrftoken}. */
    CSRF,
    /** An engine WebSocket handshake. */
    ENGINE_HANDSHAKE,
    /** Anything else. */
    OTHER;

    private static final String[] ASSET_PREFIXES = {"/qlik-embed/", "/resources/", "/extensions/", "/content/"};
    private static final String[] ASSET_SUFFIXES = {
        ".js", ".css", ".map", ".png", ".svg", ".woff", ".woff2", ".ttf", ".ico", ".json", ".html"
    };

    /** The label value, such as {@code engine_handshake}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of a request for {@code path} below the mount (such as {@code /qps/csrftoken}).
     *
     * @param upgrade whether it asks for a WebSocket upgrade
     */
    public static RouteKind of(String path, boolean upgrade) {
        if (upgrade) {
            return ENGINE_HANDSHAKE;
        }
        if (startsWithIgnoringCase(path, "/qps/csrftoken")) {
            return CSRF;
        }
        for (String prefix : ASSET_PREFIXES) {
            if (startsWithIgnoringCase(path, prefix)) {
                return ASSET;
            }
        }
        for (String suffix : ASSET_SUFFIXES) {
            if (path.regionMatches(true, path.length() - suffix.length(), suffix, 0, suffix.length())) {
                return ASSET;
            }
        }
        return OTHER;
    }

    private static boolean startsWithIgnoringCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
