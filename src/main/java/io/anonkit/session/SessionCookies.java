package io.anonkit.session;

import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;

/** Recognises Qlik's proxy session cookies: {@code X-Qlik-Session} or {@code X-Qlik-Session-<suffix>}, any case. */
public final class SessionCookies {
    private static final String NAME = "x-qlik-session";

    private SessionCookies() {}

    /** Whether {@code name} is the name of a Qlik session cookie. */
    public static boolean isQlikSession(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.equals(NAME) || lower.startsWith(NAME + "-");
    }

    /**
     * The {@code Cookie} header that keeps only the Qlik session cookies of a request's {@code cookieHeaders}, those
     * carrying a value, so the site's own cookies (for example {@code JSESSIONID}) never reach Qlik; empty when none
     * remains.
     */
    public static Optional<String> qlikSessionCookies(Enumeration<String> cookieHeaders) {
        StringBuilder out = new StringBuilder();
        while (cookieHeaders.hasMoreElements()) {
            String header = cookieHeaders.nextElement();
            if (header == null) {
                continue;
            }
            for (String pair : header.split(";")) {
                String cookie = pair.trim();
                int equals = cookie.indexOf('=');
                if (equals >= 0 && isQlikSession(cookie.substring(0, equals))) {
                    if (out.length() > 0) {
                        out.append("; ");
                    }
                    out.append(cookie);
                }
            }
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
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
        return Optional.of(pair.substring(0, equals).trim() + "="
                + pair.substring(equals + 1).trim());
    }
}
