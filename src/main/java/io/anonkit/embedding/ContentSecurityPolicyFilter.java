package io.anonkit.embedding;

import io.anonkit.faces.ContentSecurityNonce;
import io.anonkit.settings.SettingsStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Gives each page request a fresh nonce (the request attribute {@link ContentSecurityNonce#REQUEST_ATTRIBUTE}, which
 * the script tag carries) and sends the {@link ContentSecurityPolicy} with it.
 */
public class ContentSecurityPolicyFilter extends HttpFilter {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        request.setAttribute(ContentSecurityNonce.REQUEST_ATTRIBUTE, nonce);
        SettingsStore store = SettingsStore.of(request.getServletContext());
        response.setHeader(
                "Content-Security-Policy",
                ContentSecurityPolicy.forPage(nonce, store.current().embed()));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        chain.doFilter(request, response);
    }
}
