package io.anonkit.session;

import java.util.Locale;
import java.util.Optional;

/** Recognises Qlik's proxy session cookies: {@code X-Qlik-Session} or {@code X-Qlik-Session-<suffix>}, any case. */
public final class SessionCookies {
    private static final String NAME = "x-qlik-session";

    private SessionCookies() {
    }

    /** Whether {@code name} is the name of a Qlik session cookie. */
    public static boolean isQlikSession(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.equals(NAME) || lower.startsWith(NAME + "-");
    }

    /** The {@code name=value} of a {@code Set-Cookie} value that sets a Qlik session cookie, or empty. */
    public static Optional<String> qlikSessionPair(String setCookie) {
        if (setCookie == null) {
            return Optional.empty();
        }
        int end = setCookie.indexOf(';');
        String pair = (end < 0 ? setCookie : setCookie.substring(0, end)).trim();
        int equals = pair.indexOf('=');
        if (equals <= 0 || !isQlikSession(pair.substring(0, equals))) {
            return Optional.empty();
        }
        return Optional.of(pair.substring(0, equals).trim() + "=" + pair.substring(equals + 1).trim());
    }
}
