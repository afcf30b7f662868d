package io.anonkit.admin;

import io.anonkit.http.Refusal;
import io.anonkit.log.SafeText;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a request may change state on the admin API (cross-site request forgery defence).
 *
 * <p>A state-changing request must carry a JSON body ({@code Content-Type: application/json}), which an HTML form can
 * never send, and must not come from another site: when the browser says where it comes from ({@code Origin}, or
 * {@code Sec-Fetch-Site}), that must be this kit, as named by the request's {@code Host} or the configured public
 * URL. Clients that are not browsers (curl, scripts) send neither header and are let through, since they cannot be
 * tricked into sending the admin's credentials. Safe methods ({@code GET}, {@code HEAD}, {@code OPTIONS}) change
 * nothing and pass.
 */
final class SameOriginPolicy {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private SameOriginPolicy() {}

    /**
     * Why the request is refused, or empty when it may proceed.
     *
     * @param publicUrl the kit's configured public URL, if any
     */
    static Optional<Refusal> check(
            String method, String contentType, String origin, String fetchSite, String host, Optional<URI> publicUrl) {
        if (SAFE_METHODS.contains(method)) {
            return Optional.empty();
        }
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return Optional.of(Refusal.of(
                    403,
                    "Forbidden: a " + SafeText.quote(fetchSite)
                            + " request cannot change the settings; use the admin page or a non-browser client"));
        }
        if (origin != null && !sameOrigin(origin, host, publicUrl)) {
            return Optional.of(Refusal.of(
                    403,
                    "Forbidden: origin " + SafeText.quote(origin)
                            + " is not this kit; settings change only from the admin page or a non-browser client"));
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).trim().matches("application/json\\s*(;.*)?")) {
            return Optional.of(Refusal.of(
                    415, "Unsupported media type: " + SafeText.quote(contentType) + "; expected application/json"));
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String origin, String host, Optional<URI> publicUrl) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null
                || uri.getScheme() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return false;
        }
        String authority = authority(uri);
        if (publicUrl.isPresent()
                && authority.equals(authority(publicUrl.get()))
                && uri.getScheme().equalsIgnoreCase(publicUrl.get().getScheme())) {
            return true;
        }
        return host != null && authority.equals(withDefaultPort(host.trim().toLowerCase(Locale.ROOT), uri.getScheme()));
    }

    private static String authority(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String withDefaultPort(String host, String scheme) {
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            return host;
        }
        return host + ":" + (scheme.equalsIgnoreCase("https") ? 443 : 80);
    }
}
