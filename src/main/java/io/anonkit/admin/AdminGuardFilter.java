package io.anonkit.admin;

import io.anonkit.http.JsonResponse;
import io.anonkit.http.Refusal;
import io.anonkit.settings.SettingsStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Guards everything under {@code /admin/}, after the container has authenticated the admin: refuses cross-site
 * state changes ({@link SameOriginPolicy}) and gives every answer headers that keep the admin page out of frames and
 * caches and limit it to its own scripts.
 */
public class AdminGuardFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** The admin page's policy: its own files only, no frames, no plug-ins, forms only to itself. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private transient SettingsStore store;

    @Override
    public void init() {
        store = SettingsStore.of(getServletContext());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        Optional<Refusal> refusal = SameOriginPolicy.check(
                request.getMethod(),
                request.getContentType(),
                request.getHeader("Origin"),
                request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Host"),
                store.current().embed().publicUrl());
        if (refusal.isPresent()) {
            JsonResponse.refuseUnread(
                    response, refusal.get().status(), refusal.get().message());
            return;
        }
        chain.doFilter(request, response);
    }
}
