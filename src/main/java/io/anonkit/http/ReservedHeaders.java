package io.anonkit.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The header names nobody outside the kit may send upstream, by skeleton (see {@link HeaderNames#skeleton}).
 *
 * <ul>
 *   <li>Qlik's namespace: every {@code X-Qlik-*} name except {@code X-Qlik-Xrfkey}, which browsers send with
 *       REST calls. This covers {@code X-Qlik-User}, {@code -Security}, {@code -ProxySession}, {@code -ProxyId},
 *       {@code -Trace}, {@code -App}, {@code -Capabilities}, {@code -Virtual-Proxy-Prefix} and {@code -Overrides}.</li>
 *   <li>Forwarding and override headers: {@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP} and the like,
 *       which the kit sets itself.</li>
 *   <li>{@code Authorization}: anonymous visitors carry no credentials to Qlik.</li>
 * </ul>
 */
public final class ReservedHeaders {
    /** Names Qlik refuses inside a header-authentication header name, in their documented spelling. */
    public static final List<String> REFUSED_BY_QLIK_IN_HEADER_NAMES = List.of(
            "X-Qlik-User",
            "X-Qlik-Security",
            "X-Qlik-ProxySession",
            "X-Qlik-ProxyId",
            "X-Qlik-Trace",
            "X-Qlik-App",
            "X-Qlik-Capabilities");

    private static final String QLIK_NAMESPACE = "xqlik";
    private static final Set<String> QLIK_ALLOWED = Set.of("xqlikxrfkey");
    private static final Set<String> FORWARDING = Set.of(
            "forwarded",
            "xrealip",
            "trueclientip",
            "xclientip",
            "xclusterclientip",
            "cfconnectingip",
            "xoriginalurl",
            "xrewriteurl",
            "xoriginalhost",
            "xhost",
            "xhttpmethodoverride",
            "xhttpmethod",
            "xmethodoverride");
    private static final String FORWARDED_NAMESPACE = "xforwarded";
    private static final String CREDENTIALS = "authorization";
    private static final Set<String> KIT_MANAGED = Set.of(
            "host",
            "cookie",
            "connection",
            "contentlength",
            "contenttype",
            "transferencoding",
            "te",
            "trailer",
            "upgrade",
            "keepalive",
            "via",
            "expect",
            "origin",
            "proxyconnection",
            "proxyauthorization",
            "http2settings",
            "authorization");

    private ReservedHeaders() {}

    /** Why a client copy of a header is stripped. */
    public enum Reason {
        /** A Qlik identity or proxy header: a client sending one is trying to be someone else. */
        QLIK_RESERVED,
        /** A forwarding or routing override header that the kit sets itself. */
        FORWARDING,
        /** Credentials, which anonymous visitors must not pass to Qlik. */
        CREDENTIALS
    }

    /** Why the kit strips a client header with this skeleton, or empty when it may pass. */
    public static Optional<Reason> reasonToStrip(String skeleton) {
        if (skeleton.startsWith(QLIK_NAMESPACE) && !QLIK_ALLOWED.contains(skeleton)) {
            return Optional.of(Reason.QLIK_RESERVED);
        }
        if (skeleton.startsWith(FORWARDED_NAMESPACE) || FORWARDING.contains(skeleton)) {
            return Optional.of(Reason.FORWARDING);
        }
        if (CREDENTIALS.equals(skeleton)) {
            return Optional.of(Reason.CREDENTIALS);
        }
        return Optional.empty();
    }

    /** The Qlik-refused name that {@code name} contains, ignoring case and punctuation, if any. */
    public static Optional<String> refusedByQlik(String name) {
        String skeleton = HeaderNames.skeleton(name);
        return REFUSED_BY_QLIK_IN_HEADER_NAMES.stream()
                .filter(refused -> skeleton.contains(HeaderNames.skeleton(refused)))
                .findFirst();
    }

    /** Whether the kit sets, strips or relies on this header itself, so it cannot serve as the identity header. */
    public static boolean managedByKit(String name) {
        String skeleton = HeaderNames.skeleton(name);
        return KIT_MANAGED.contains(skeleton) || reasonToStrip(skeleton).isPresent();
    }
}
