package io.anonkit.proxy;

import io.anonkit.identity.IdentityPolicy.InjectedHeader;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The headers of an upstream WebSocket handshake, built from an allow-list and never by copying the visitor's headers:
 * {@code Origin} (the visitor's, or {@code anonkit.websocket.origin}), {@code User-Agent}, {@code Accept-Language},
 * Qlik's session cookie, {@code Host} per {@code anonkit.host.header}, fresh {@code X-Forwarded-For/Proto/Host}, and
 * last the one identity header. The WebSocket client adds {@code Upgrade}, {@code Connection} and the
 * {@code Sec-WebSocket-*} fields of its own handshake.
 */
final class HandshakeHeaders {
    private static final List<String> COPIED = List.of("User-Agent", "Accept-Language");

    private HandshakeHeaders() {
    }

    static HttpFields of(HttpServletRequest request, Settings settings, Optional<InjectedHeader> identity, String cookie) {
        HttpFields.Mutable headers = HttpFields.build();
        String origin = settings.webSocket().origin().orElse(request.getHeader("Origin"));
        if (origin != null) {
            headers.put(HttpHeader.ORIGIN, origin);
        }
        for (String name : COPIED) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (cookie != null) {
            headers.put(HttpHeader.COOKIE, cookie);
        }
        String host = request.getHeader("Host");
        headers.put(HttpHeader.HOST, UpstreamHost.of(settings, host));
        headers.put(HttpHeader.X_FORWARDED_FOR, request.getRemoteAddr());
        headers.put(HttpHeader.X_FORWARDED_PROTO, request.isSecure() ? "https" : "http");
        if (host != null) {
            headers.put(HttpHeader.X_FORWARDED_HOST, host);
        }
        identity.ifPresent(header -> headers.put(header.name(), header.value()));
        return headers.asImmutable();
    }

    /** The subprotocols the visitor offered, in order. */
    static List<String> subprotocols(HttpServletRequest request) {
        List<String> offered = new ArrayList<>();
        for (Enumeration<String> values = request.getHeaders("Sec-WebSocket-Protocol"); values.hasMoreElements(); ) {
            for (String token : values.nextElement().split(",")) {
                if (!token.isBlank()) {
                    offered.add(token.trim());
                }
            }
        }
        return offered;
    }
}
