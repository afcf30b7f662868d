package io.anonkit.tunnel;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/** Recognises a visitor's WebSocket opening handshake (RFC 6455 section 4.1). */
public final class WebSocketUpgrades {
    private WebSocketUpgrades() {}

    /** Whether {@code request} asks to upgrade to WebSocket: a GET whose {@code Upgrade} lists {@code websocket}. */
    public static boolean isRequested(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && listsToken(request.getHeaders("Upgrade"), "websocket");
    }

    /** The subprotocols the visitor offered in {@code Sec-WebSocket-Protocol}, in order. */
    public static List<String> subprotocols(HttpServletRequest request) {
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

    /** Whether one of the comma-separated {@code values} is {@code token}, ignoring case. */
    static boolean listsToken(Enumeration<String> values, String token) {
        while (values != null && values.hasMoreElements()) {
            for (String item : values.nextElement().split(",")) {
                if (item.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What is wrong with the handshake of {@code request}, or {@code null} when it is well formed. */
    public static String problem(HttpServletRequest request) {
        if (!listsToken(request.getHeaders("Connection"), "upgrade")) {
            return "a WebSocket handshake needs 'Connection: Upgrade'";
        }
        String version = request.getHeader("Sec-WebSocket-Version");
        if (!"13".equals(version == null ? null : version.trim())) {
            return "a WebSocket handshake needs 'Sec-WebSocket-Version: 13'";
        }
        String key = request.getHeader("Sec-WebSocket-Key");
        if (key == null || !key.trim().matches("[A-Za-z0-9+/]{22}==")) {
            return "a WebSocket handshake needs a 16-byte base64 Sec-WebSocket-Key";
        }
        return null;
    }
}
