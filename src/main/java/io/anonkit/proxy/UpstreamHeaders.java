package io.anonkit.proxy;

import io.anonkit.identity.IdentityPolicy;
import io.anonkit.identity.IdentityPolicy.InjectedHeader;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Every header the kit sends to Qlik, for the three kinds of upstream request: a proxied HTTP request (with this
 * proxy in {@code Via}), an engine WebSocket handshake and the kit's own requests (opening a pooled session, fetching
 * its CSRF token, logging a surplus one out, the doctor). Whatever else differs, each ends the same way, here and
 * nowhere else: the Qlik session cookie, {@code Host} per {@code anonkit.host.header}, fresh
 * {@code X-Forwarded-For/Proto/Host} for a visitor's request (the client as {@code ClientAddress} resolved it), and last, with a replace, exactly one identity header,
 * so nothing copied from the visitor can remove or duplicate it.
 */
public final class UpstreamHeaders {
    /** Hop-by-hop headers (RFC 9110, section 7.6.1), never copied. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authorization",
            "proxy-authenticate",
            "proxy-connection",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade");
    /** Headers a client's {@code Connection} header cannot remove: the request would change meaning. */
    private static final Set<String> PROTECTED_FROM_CONNECTION =
            Set.of("host", "cookie", "content-length", "content-type", "content-encoding", "origin", "x-qlik-xrfkey");
    /** The visitor's headers a WebSocket handshake carries besides {@code Origin}. */
    private static final List<String> HANDSHAKE_COPIED = List.of("User-Agent", "Accept-Language");
    /** The name this proxy gives itself in {@code Via}: the machine's host name, as Jetty's proxy names itself. */
    static final String VIA_HOST = viaHost();

    private UpstreamHeaders() {}

    /**
     * The headers of a proxied HTTP request: the visitor's, except hop-by-hop ones, those its {@code Connection}
     * header names (never {@code Host}, {@code Cookie} or the content headers), {@code Host}, {@code Cookie} and
     * every header the identity policy strips; then the kit's own.
     */
    static HttpFields.Mutable forRequest(HttpServletRequest request, UpstreamExchange exchange) {
        IdentityPolicy policy = exchange.policy();
        Set<String> nominated = connectionTokens(request);
        HttpFields.Mutable headers = HttpFields.build();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower)
                    || lower.equals("host")
                    || lower.equals("cookie")
                    || lower.equals("http2-settings")
                    || nominated.contains(lower)
                    || policy.classify(name).stripped()) {
                continue;
            }
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                if (value != null) {
                    headers.add(name, value);
                }
            }
        }
        addKitHeaders(headers, exchange, request);
        addVia(headers, request.getProtocol());
        return headers;
    }

    /**
     * Adds this proxy to the request's {@code Via} chain (RFC 9110, section 7.6.3): the protocol version it received
     * and {@link #VIA_HOST}, after the visitor's own entries, in one field where the first {@code Via} was.
     */
    private static void addVia(HttpFields.Mutable headers, String protocol) {
        String[] parts = protocol.split("/", 2);
        String received =
                (parts.length == 2 && parts[0].equalsIgnoreCase("HTTP") ? parts[1] : protocol) + " " + VIA_HOST;
        headers.computeField(HttpHeader.VIA, (header, fields) -> {
            if (fields == null || fields.isEmpty()) {
                return new HttpField(header, received);
            }
            StringBuilder chain = new StringBuilder();
            for (HttpField field : fields) {
                for (String value : field.getValues()) {
                    if (!value.isBlank()) {
                        chain.append(value).append(", ");
                    }
                }
            }
            return new HttpField(HttpHeader.VIA, chain.append(received).toString());
        });
    }

    /**
     * The headers of an upstream WebSocket handshake, built from an allow-list and never by copying the visitor's:
     * {@code Origin} (the visitor's, or {@code anonkit.websocket.origin}), {@code User-Agent},
     * {@code Accept-Language}, then the kit's own. The WebSocket client adds {@code Upgrade}, {@code Connection} and
     * the {@code Sec-WebSocket-*} fields of its own handshake.
     */
    static HttpFields forHandshake(HttpServletRequest request, UpstreamExchange exchange) {
        HttpFields.Mutable headers = HttpFields.build();
        String origin = exchange.settings().webSocket().origin().orElse(request.getHeader("Origin"));
        if (origin != null) {
            headers.put(HttpHeader.ORIGIN, origin);
        }
        for (String name : HANDSHAKE_COPIED) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        addKitHeaders(headers, exchange, request);
        return headers.asImmutable();
    }

    /**
     * The headers of a request the kit itself sends (opening a pooled session, the doctor's questions): {@code Host} as
     * for the visitor request it serves, and the identity. No forwarding header is sent.
     *
     * @param clientHost the {@code Host} of the visitor request the kit serves
     */
    public static HttpFields forKitRequest(Settings settings, String clientHost, Optional<InjectedHeader> identity) {
        return forKitRequest(settings, clientHost, identity, List.of());
    }

    /**
     * The headers of a request the kit itself sends with Qlik session cookies (fetching a pooled session's CSRF token,
     * logging a surplus session out, the doctor's questions after the first): as above, then {@code Cookie}.
     *
     * @param cookies the Qlik session cookies, {@code name=value}; none sends no {@code Cookie}
     */
    public static HttpFields forKitRequest(
            Settings settings, String clientHost, Optional<InjectedHeader> identity, List<String> cookies) {
        HttpFields.Mutable headers = HttpFields.build();
        headers.put(HttpHeader.HOST, host(settings, clientHost));
        identity.ifPresent(header -> headers.put(header.name(), header.value()));
        if (!cookies.isEmpty()) {
            headers.put(HttpHeader.COOKIE, cookie(cookies));
        }
        return headers.asImmutable();
    }

    /** The {@code Cookie} value of a kit's own request that carries these Qlik session cookies ({@code name=value}). */
    public static String cookie(List<String> cookies) {
        return String.join("; ", cookies);
    }

    /**
     * The headers of the kit's request that fills the asset cache: nothing of the visitor's but what the cache key
     * holds ({@code Host}, the forwarding host and scheme, the normalised codings) and what the kit adds (the pooled
     * session's cookie, the identity, {@code Via}). No other header a visitor sends can reach Qlik on this request, so
     * none can change an answer stored for everyone; without a pooled session no cookie is sent.
     */
    static HttpFields.Mutable forCacheFill(HttpServletRequest request, UpstreamExchange exchange, String encodings) {
        HttpFields.Mutable headers = HttpFields.build();
        exchange.session()
                .flatMap(session -> session.cookie())
                .ifPresent(value -> headers.put(HttpHeader.COOKIE, value));
        String clientHost = request.getHeader("Host");
        headers.put(HttpHeader.HOST, host(exchange.settings(), clientHost));
        headers.put(HttpHeader.ACCEPT, "*/*");
        if (!encodings.isEmpty()) {
            headers.put(HttpHeader.ACCEPT_ENCODING, encodings.replace(",", ", "));
        }
        headers.put(HttpHeader.X_FORWARDED_FOR, exchange.client());
        headers.put(HttpHeader.X_FORWARDED_PROTO, request.getScheme());
        if (clientHost != null) {
            headers.put(HttpHeader.X_FORWARDED_HOST, clientHost);
        }
        exchange.identity().ifPresent(header -> headers.put(header.name(), header.value()));
        addVia(headers, request.getProtocol());
        return headers;
    }

    private static void addKitHeaders(
            HttpFields.Mutable headers, UpstreamExchange exchange, HttpServletRequest request) {
        exchange.cookie(request).ifPresent(value -> headers.put(HttpHeader.COOKIE, value));
        String clientHost = request.getHeader("Host");
        headers.put(HttpHeader.HOST, host(exchange.settings(), clientHost));
        headers.put(HttpHeader.X_FORWARDED_FOR, exchange.client());
        headers.put(HttpHeader.X_FORWARDED_PROTO, request.getScheme());
        if (clientHost != null) {
            headers.put(HttpHeader.X_FORWARDED_HOST, clientHost);
        }
        exchange.identity().ifPresent(header -> headers.put(header.name(), header.value()));
    }

    private static String viaHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The {@code Host} Qlik receives, given the visitor's {@code clientHost}. */
    static String host(Settings settings, String clientHost) {
        return switch (settings.hostHeader().kind()) {
            case CLIENT -> clientHost;
            case UPSTREAM -> settings.upstream().orElseThrow().getRawAuthority();
            case FIXED -> settings.hostHeader().fixed().orElseThrow();
        };
    }

    private static Set<String> connectionTokens(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders("Connection");
        if (!values.hasMoreElements()) {
            return Set.of();
        }
        Set<String> tokens = new HashSet<>();
        while (values.hasMoreElements()) {
            for (String token : values.nextElement().split(",")) {
                String lower = token.trim().toLowerCase(Locale.ROOT);
                if (!PROTECTED_FROM_CONNECTION.contains(lower)) {
                    tokens.add(lower);
                }
            }
        }
        return tokens;
    }
}
