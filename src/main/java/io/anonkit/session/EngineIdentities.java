package io.anonkit.session;

import io.anonkit.settings.SessionSettings.SelectionScope;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The engine {@code identity} a page should use, per the selection scope: none when visitors share one engine session
 * per app, one per visitor (kept in the HTTP session), or one per page view (kept for the current request, so every
 * component of one page shares it). The value is 16 lower-case hexadecimal characters, safe in a URL path.
 */
public final class EngineIdentities {
    /** HTTP session attribute holding a visitor's identity. */
    public static final String VISITOR_ATTRIBUTE = EngineIdentities.class.getName() + ".visitor";
    /** Request attribute holding a page view's identity. */
    public static final String VIEW_ATTRIBUTE = EngineIdentities.class.getName() + ".view";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EngineIdentities() {
    }

    /** The identity for {@code request} under {@code scope}, empty for {@link SelectionScope#SHARED}. */
    public static Optional<String> current(HttpServletRequest request, SelectionScope scope) {
        return switch (scope) {
            case SHARED -> Optional.empty();
            case VISITOR -> Optional.of(visitor(request));
            case VIEW -> Optional.of(view(request));
        };
    }

    private static String visitor(HttpServletRequest request) {
        var session = request.getSession(true);
        synchronized (session) {
            Object existing = session.getAttribute(VISITOR_ATTRIBUTE);
            if (existing instanceof String identity) {
                return identity;
            }
            String created = fresh();
            session.setAttribute(VISITOR_ATTRIBUTE, created);
            return created;
        }
    }

    private static String view(HttpServletRequest request) {
        Object existing = request.getAttribute(VIEW_ATTRIBUTE);
        if (existing instanceof String identity) {
            return identity;
        }
        String created = fresh();
        request.setAttribute(VIEW_ATTRIBUTE, created);
        return created;
    }

    private static String fresh() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
