package io.anonkit.proxy;

import io.anonkit.http.Refusal;
import io.anonkit.http.Refusals;
import io.anonkit.log.SafeText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Maps a request on the proxy mount to its upstream URL, keeping the path and query bytes as the client sent them:
 * {@code /qlik/resources/a%20b/x.js?y=%2F} becomes {@code https://qlik.internal/hdr/resources/a%20b/x.js?y=%2F}.
 *
 * <p>The part after the mount is refused (400) when it could leave the virtual proxy's prefix upstream or be read
 * differently there: dot segments, also encoded or with path parameters ({@code ..;}), empty segments ({@code //}),
 * encoded {@code /}, {@code \} or {@code %}, and backslashes. Browsers never send these; a request with them is an
 * attack or a broken client. Characters a URI may not hold are percent-encoded as a browser would.
 */
final class UpstreamTarget {
    /** The part of a request path after the mount, or why there is none. */
    private record Split(String remainder, String problem) {}

    private UpstreamTarget() {}

    /**
     * The request path below the mount, split and checked once: the remainder, or the refusal of a path that cannot be
     * forwarded.
     */
    record Checked(String remainder, Optional<Refusal> refusal) {}

    /**
     * {@code requestUri} split at the mount and checked, in one pass.
     *
     * @param requestUri  the raw request URI ({@code getRequestURI()})
     * @param contextPath the raw context path
     * @param servletPath the decoded servlet path of the mount, e.g. {@code /qlik}
     */
    static Checked checked(String requestUri, String contextPath, String servletPath) {
        Split split = split(requestUri, contextPath, servletPath);
        String problem = split.problem != null ? split.problem : problemWith(split.remainder);
        if (problem == null) {
            return new Checked(split.remainder, Optional.empty());
        }
        String reason = split.problem != null ? problem : "the path " + SafeText.quote(split.remainder) + " " + problem;
        return new Checked(null, Optional.of(Refusals.PATH_MALFORMED.with(reason)));
    }

    /** The upstream URL of {@code remainder} (a checked path below the mount) and {@code query} ({@code null}: none). */
    static String url(URI upstream, String remainder, String query) {
        StringBuilder url = new StringBuilder(upstream.toString().length() + remainder.length() + 16)
                .append(upstream)
                .append(escapeIllegal(remainder));
        if (query != null) {
            url.append('?').append(escapeIllegal(query));
        }
        return url.toString();
    }

    private static Split split(String requestUri, String contextPath, String servletPath) {
        if (!requestUri.startsWith(contextPath)) {
            return new Split(null, "the request path does not start with the context path");
        }
        String rest = requestUri.substring(contextPath.length());
        int mountSegments = 0;
        for (int i = 0; i < servletPath.length(); i++) {
            if (servletPath.charAt(i) == '/') {
                mountSegments++;
            }
        }
        int start = 0;
        for (int i = 0; i < mountSegments; i++) {
            if (start >= rest.length() || rest.charAt(start) != '/') {
                return new Split(null, "the request path does not match the proxy mount");
            }
            int next = rest.indexOf('/', start + 1);
            start = next < 0 ? rest.length() : next;
        }
        return new Split(rest.substring(start), null);
    }

    /** Why {@code path} cannot be forwarded, or {@code null} when it can. */
    static String problemWith(String path) {
        if (path.isEmpty() || plain(path)) {
            return null;
        }
        if (path.indexOf('\\') >= 0) {
            return "has a backslash";
        }
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !last) {
                return "has an empty segment (//)";
            }
            String lower = io.anonkit.http.Ascii.lowerCase(segment);
            if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25") || lower.contains("%00")) {
                return "has an encoded '/', '\\', '%' or NUL";
            }
            int parameters = lower.indexOf(';');
            String bare = parameters < 0 ? lower : lower.substring(0, parameters);
            bare = bare.replace("%2e", ".");
            if (bare.equals(".") || bare.equals("..")) {
                return "has a dot segment";
            }
        }
        return null;
    }

    /**
     * Whether {@code path} has nothing {@link #problemWith} could refuse, found in one pass without allocating: no
     * {@code %}, {@code ;} or backslash, and no {@code /} followed by {@code /} or {@code .}. Every refusal needs one of
     * these (an empty segment needs {@code //}; a dot segment without encodings or parameters needs {@code /.}).
     */
    private static boolean plain(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '\\') {
                return false;
            }
            if (c == '/' && i + 1 < path.length() && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Percent-encodes, as UTF-8, every character a URI may not hold; keeps existing escapes as they are. */
    static String escapeIllegal(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean legal = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
            if (legal) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
            for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
            i = end - 1;
        }
        return out == null ? text : out.toString();
    }
}
