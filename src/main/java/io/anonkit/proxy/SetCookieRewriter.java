package io.anonkit.proxy;

import io.anonkit.settings.SameSite;
import java.util.Locale;

/**
 * Rewrites an upstream {@code Set-Cookie} header for the visitor: the {@code Domain} attribute is dropped (the cookie
 * belongs to the kit's host), {@code Path} is mapped into the proxy mount, and {@code Secure} and {@code SameSite}
 * are set per settings. Name, value and every other attribute are kept byte for byte.
 */
final class SetCookieRewriter {
    private SetCookieRewriter() {}

    /**
     * The rewritten header.
     *
     * @param header   the upstream's {@code Set-Cookie} value
     * @param mount    the upstream and public bases
     * @param secure   whether to mark the cookie {@code Secure}
     * @param sameSite the {@code SameSite} to set, or {@link SameSite#KEEP}
     */
    static String rewrite(String header, PublicMount mount, boolean secure, SameSite sameSite) {
        String[] parts = header.split(";");
        StringBuilder out = new StringBuilder(header.length() + 32).append(parts[0].trim());
        String path = null;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            if (attribute.isEmpty()) {
                continue;
            }
            int equals = attribute.indexOf('=');
            String name = (equals < 0 ? attribute : attribute.substring(0, equals))
                    .trim()
                    .toLowerCase(Locale.ROOT);
            switch (name) {
                case "domain", "secure" -> {
                    // Dropped: the cookie belongs to the kit's host, and Secure follows the settings.
                }
                case "path" ->
                    path = equals < 0 ? "" : attribute.substring(equals + 1).trim();
                case "samesite" -> {
                    if (sameSite == SameSite.KEEP) {
                        out.append("; ").append(attribute);
                    }
                }
                default -> out.append("; ").append(attribute);
            }
        }
        out.append("; Path=").append(mount.cookiePath(path));
        if (secure) {
            out.append("; Secure");
        }
        if (sameSite != SameSite.KEEP) {
            out.append("; SameSite=").append(sameSite.text());
        }
        return out.toString();
    }
}
