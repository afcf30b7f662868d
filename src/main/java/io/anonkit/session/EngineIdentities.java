package io.anonkit.session;

import io.anonkit.client.ClientAddress;
import io.anonkit.client.ClientLimits;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The engine {@code identity} a page should use, per the selection scope: none when visitors share one engine session
 * per app, one per visitor (kept in the HTTP session), or one per page view (kept for the current request, so every
 * component of one page shares it). Each is a token of {@link IdentityTokens}, which the tunnel verifies; a client gets
 * at most {@code anonkit.identities.per.hour} new ones (see {@link ClientLimits#identity}). Over that share a page gets
 * none: its components open the app's shared engine session, which the engine firewall keeps read-only, so a visitor
 * never gets an identity another visitor had.
 */
public final class EngineIdentities {
    /** HTTP session attribute holding a visitor's identity token. */
    public static final String VISITOR_ATTRIBUTE = EngineIdentities.class.getName() + ".visitor";
    /**
     * Request attribute set to {@code Boolean.TRUE} when the page gets no new identity because the engine session budget
     * is spent: its components open the app's shared read-only view, and the page can say so.
     */
    public static final String SHARED_VIEW_ATTRIBUTE = EngineIdentities.class.getName() + ".sharedView";
    /** Request attribute holding a page view's identity token. */
    public static final String VIEW_ATTRIBUTE = EngineIdentities.class.getName() + ".view";

    private EngineIdentities() {}

    /** The identity token for {@code request} under {@code settings}, empty in the {@code shared} scope. */
    public static Optional<String> current(HttpServletRequest request, Settings settings) {
        SelectionScope scope = settings.sessions().selectionScope();
        return switch (scope) {
            case SHARED -> Optional.empty();
            case VISITOR -> visitor(request, settings);
            case VIEW -> view(request, settings);
        };
    }

    private static Optional<String> visitor(HttpServletRequest request, Settings settings) {
        IdentityTokens tokens = IdentityTokens.of(request.getServletContext());
        var session = request.getSession(true);
        synchronized (session) {
            Object existing = session.getAttribute(VISITOR_ATTRIBUTE);
            if (existing instanceof String token
                    && tokens.verify(token, SelectionScope.VISITOR).isPresent()) {
                return Optional.of(token);
            }
            Optional<String> created = fresh(request, settings, tokens, SelectionScope.VISITOR);
            created.ifPresent(token -> session.setAttribute(VISITOR_ATTRIBUTE, token));
            return created;
        }
    }

    private static Optional<String> view(HttpServletRequest request, Settings settings) {
        Object existing = request.getAttribute(VIEW_ATTRIBUTE);
        if (existing instanceof String token) {
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        Optional<String> created =
                fresh(request, settings, IdentityTokens.of(request.getServletContext()), SelectionScope.VIEW);
        // Kept even when empty, so every component of one page view shares the same engine session.
        request.setAttribute(VIEW_ATTRIBUTE, created.orElse(""));
        return created;
    }

    /** Whether the page of {@code request} got no identity because the engine session budget was spent. */
    public static boolean sharedViewForced(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(SHARED_VIEW_ATTRIBUTE));
    }

    private static Optional<String> fresh(
            HttpServletRequest request, Settings settings, IdentityTokens tokens, SelectionScope scope) {
        if (request.getServletContext().getAttribute(io.anonkit.budget.EngineSessionBudget.SPENT_ATTRIBUTE)
                        instanceof java.util.function.BooleanSupplier spent
                && spent.getAsBoolean()) {
            // An identity now would only overflow at the tunnel: the page opens the shared view, and knows it.
            request.setAttribute(SHARED_VIEW_ATTRIBUTE, Boolean.TRUE);
            return Optional.empty();
        }
        return ClientLimits.of(request.getServletContext())
                .identity(
                        ClientAddress.of(request, settings.clients().trustedProxies()),
                        settings.clients(),
                        () -> tokens.issue(scope));
    }
}
