package io.anonkit.proxy;

import java.util.Enumeration;
import java.util.Locale;

/**
 * Keeps only Qlik's session cookies of a request, named {@code X-Qlik-Session} or {@code X-Qlik-Session-<suffix>} (any
 * case) and carrying a value, so the site's own cookies (for example {@code JSESSIONID}) never reach the Qlik server.
 */
final class CookieFilter {
    /** Name, in lower case, of Qlik's session cookie; virtual proxies add a {@code -suffix}. */
    static final String QLIK_SESSION = "x-qlik-session";

    private CookieFilter() {
    }

    /** The {@code Cookie} header to send upstream, or {@code null} when no Qlik session cookie remains. */
    static String qlikSessionCookies(Enumeration<String> cookieHeaders) {
        StringBuilder out = new StringBuilder();
        while (cookieHeaders.hasMoreElements()) {
            String header = cookieHeaders.nextElement();
            if (header == null) {
                continue;
            }
            for (String pair : header.split(";")) {
                String cookie = pair.trim();
                int equals = cookie.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = cookie.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                if (name.equals(QLIK_SESSION) || name.startsWith(QLIK_SESSION + "-")) {
                    if (out.length() > 0) {
                        out.append("; ");
                    }
                    out.append(cookie);
                }
            }
        }
        return out.length() == 0 ? null : out.toString();
    }
}
