package io.anonkit.proxy;

import java.util.Enumeration;
import java.util.Locale;

/**
 * Keeps only Qlik's session cookies ({@code X-Qlik-Session*}) of a request, so the site's own cookies (for example
 * {@code JSESSIONID}) never reach the Qlik server.
 */
final class CookieFilter {
    /** Prefix, in lower case, of the cookies forwarded upstream. */
    static final String QLIK_SESSION_PREFIX = "x-qlik-session";

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
                String name = (equals < 0 ? cookie : cookie.substring(0, equals)).trim();
                if (name.toLowerCase(Locale.ROOT).startsWith(QLIK_SESSION_PREFIX)) {
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
