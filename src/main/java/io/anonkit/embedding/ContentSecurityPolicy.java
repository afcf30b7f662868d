package io.anonkit.embedding;

import io.anonkit.settings.EmbedSettings;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The strict Content-Security-Policy of the kit's pages: scripts only from this site or a CDN loader set in the
 * settings, plus the one inline script that carries the request's nonce; no plugins, no base-URI changes, no framing by
 * other sites. Styles allow inline, because the loader and Qlik's runtime add style elements.
 */
public final class ContentSecurityPolicy {
    private ContentSecurityPolicy() {}

    /** The policy for one page with {@code nonce}. */
    public static String forPage(String nonce, EmbedSettings embed) {
        Set<String> scripts = new LinkedHashSet<>();
        scripts.add("'self'");
        scripts.add("'nonce-" + nonce + "'");
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        Set<String> frames = new LinkedHashSet<>();
        frames.add("'self'");
        embed.loaderUrl().map(ContentSecurityPolicy::origin).ifPresent(scripts::add);
        embed.publicUrl().map(ContentSecurityPolicy::origin).ifPresent(origin -> {
            scripts.add(origin);
            connect.add(origin);
            connect.add(origin.replaceFirst("^http", "ws"));
            frames.add(origin);
        });
        return "default-src 'self'; script-src " + String.join(" ", scripts)
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src "
                + String.join(" ", connect) + "; frame-src " + String.join(" ", frames)
                + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }
}
