package io.anonkit.proxy;

import java.net.URI;
import java.util.Locale;

/**
 * The two bases a response is rewritten between: the upstream base ({@code https://qlik.internal/hdr}) and the kit's
 * public mount as the visitor sees it ({@code https://site.example.com/ctx/qlik}).
 *
 * @param upstream      the upstream base URL, without a trailing slash
 * @param upstreamHost  the Host header the upstream received, which Qlik uses in the URLs it writes
 * @param publicOrigin  the visitor's scheme and authority, e.g. {@code https://site.example.com}
 * @param publicPath    the mount's path, e.g. {@code /ctx/qlik}
 */
record PublicMount(URI upstream, String upstreamHost, String publicOrigin, String publicPath) {

    /** The upstream base path, e.g. {@code /hdr}, or empty. */
    String upstreamPath() {
        return upstream.getRawPath() == null ? "" : upstream.getRawPath();
    }

    /**
     * The rest of {@code path} after the upstream base path, or {@code null} when {@code path} lies outside it.
     * The base path must end at a segment boundary: {@code /hdrx} is outside {@code /hdr}.
     */
    String afterUpstreamPath(String path) {
        String base = upstreamPath();
        if (!io.anonkit.http.Ascii.regionMatchesIgnoreCase(path, 0, base)) {
            return null;
        }
        String rest = path.substring(base.length());
        if (!rest.isEmpty() && "/?#".indexOf(rest.charAt(0)) < 0) {
            return null;
        }
        return rest;
    }

    /** Rewrites a {@code Location} header from the upstream's URL space to the public one; others stay as they are. */
    String rewriteLocation(String location) {
        String base = upstream.toString();
        if (io.anonkit.http.Ascii.regionMatchesIgnoreCase(location, 0, base)) {
            String rest = location.substring(base.length());
            if (rest.isEmpty() || "/?#".indexOf(rest.charAt(0)) >= 0) {
                return publicOrigin + publicPath + rest;
            }
            return location;
        }
        if (location.startsWith("/") && !location.startsWith("//")) {
            String rest = afterUpstreamPath(location);
            return rest == null ? location : publicPath + rest;
        }
        int scheme = location.indexOf("://");
        if (scheme > 0 && upstreamHost != null) {
            int pathStart = location.indexOf('/', scheme + 3);
            String authority =
                    pathStart < 0 ? location.substring(scheme + 3) : location.substring(scheme + 3, pathStart);
            if (authority.toLowerCase(Locale.ROOT).equals(upstreamHost.toLowerCase(Locale.ROOT))) {
                String rest = afterUpstreamPath(pathStart < 0 ? "" : location.substring(pathStart));
                if (rest != null) {
                    return publicOrigin + publicPath + rest;
                }
            }
        }
        return location;
    }

    /** The cookie path for an upstream cookie path: mapped into the mount, and never wider than the mount. */
    String cookiePath(String upstreamCookiePath) {
        String rest = upstreamCookiePath == null ? null : afterUpstreamPath(upstreamCookiePath);
        if (rest == null || rest.isEmpty() || rest.equals("/")) {
            return publicPath.isEmpty() ? "/" : publicPath;
        }
        return publicPath + rest;
    }
}
