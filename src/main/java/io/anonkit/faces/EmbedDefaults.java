package io.anonkit.faces;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Defaults the tags use where the page author sets nothing. An application registers one as the servlet context
 * attribute {@link #ATTRIBUTE}; the kit registers one built from its settings. Without one, the tags need {@code host}
 * and {@code appId} set explicitly and render no engine identity.
 */
public interface EmbedDefaults {
    /** Servlet context attribute holding the application's {@code EmbedDefaults}. */
    String ATTRIBUTE = EmbedDefaults.class.getName();

    /** The absolute URL of the Qlik virtual proxy as the browser reaches it, e.g. {@code https://site/ctx/qlik}; empty if unknown. */
    Optional<String> host(HttpServletRequest request);

    /** Where the page loads the qlik-embed loader from: an absolute URL or a path on this site. */
    String loaderUrl(HttpServletRequest request);

    /** The default Qlik app id; empty when each tag must name its app. */
    Optional<String> appId();

    /**
     * Whether visitors' engine WebSockets may open {@code appId}; true unless the application restricts its apps (the
     * kit allows only the apps of {@code anonkit.allowed.apps}).
     */
    default boolean appAllowed(String appId) {
        return true;
    }

    /** The engine identity for this request (per visitor, per view or none). */
    Optional<String> identity(HttpServletRequest request);

    /**
     * Whether this request's page got no identity because Qlik's engine sessions are at their budget, so that its
     * components open the app's shared read-only view; asked after {@link #identity}. False by default.
     */
    default boolean sharedViewForced(HttpServletRequest request) {
        return false;
    }

    /** The page's own origin, {@code scheme://host[:port]}, to tell a cross-site Qlik host; by default the request's. */
    default String pageOrigin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    /** The defaults registered in {@code context}, or {@link #none()}. */
    static EmbedDefaults of(ServletContext context) {
        Object registered = context.getAttribute(ATTRIBUTE);
        return registered instanceof EmbedDefaults defaults ? defaults : none();
    }

    /** No defaults except the bundled loader. */
    static EmbedDefaults none() {
        return new EmbedDefaults() {
            @Override
            public Optional<String> host(HttpServletRequest request) {
                return Optional.empty();
            }

            @Override
            public String loaderUrl(HttpServletRequest request) {
                return request.getContextPath() + LoaderAsset.PATH;
            }

            @Override
            public Optional<String> appId() {
                return Optional.empty();
            }

            @Override
            public Optional<String> identity(HttpServletRequest request) {
                return Optional.empty();
            }
        };
    }
}
