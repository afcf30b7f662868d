package io.anonkit.faces;

import io.anonkit.faces.QlikEmbedScript.PropertyKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides the loader script tag's attributes: the loader URL, {@code data-host} (required, absolute), login URI and
 * authentication type with their defaults, the nonce, cross-site cookies only for a host on another origin, and warnings
 * for attributes only Qlik Cloud reads. Knows nothing of Faces, so every rule is tested directly.
 */
final class ScriptAttributes {
    /** The authentication type used when the author sets none. */
    static final String DEFAULT_AUTH_TYPE = "windowscookie";
    /** Authentication types the 1.x loader knows. */
    static final List<String> AUTH_TYPES =
            List.of("windowscookie", "none", "oauth2", "cookie", "apikey", "anonymous", "noauth", "reference");

    private ScriptAttributes() {}

    /**
     * The script tag's attributes in order.
     *
     * @param authored    the declared attributes the author set (null values are unset)
     * @param passThrough {@code data-*} attributes in the author's order
     * @param loaderUrl   the default loader URL
     * @param defaultHost the default host
     * @param pageOrigin  the page's own origin, such as {@code https://site.example.com}
     * @param nonce       the request's CSP nonce
     * @param warnings    receives a warning per Qlik Cloud attribute set against a client-managed host
     * @throws InvalidAttributeException for anything the author must fix
     */
    static Map<String, String> resolve(
            Map<PropertyKeys, Object> authored,
            Map<String, Object> passThrough,
            String loaderUrl,
            Optional<String> defaultHost,
            String pageOrigin,
            Optional<String> nonce,
            Consumer<String> warnings)
            throws InvalidAttributeException {
        Map<PropertyKeys, String> set = new EnumMap<>(PropertyKeys.class);
        authored.forEach((key, value) -> {
            if (value != null && !value.toString().trim().isEmpty()) {
                set.put(key, value.toString().trim());
            }
        });
        String src = url("src", set.getOrDefault(PropertyKeys.src, loaderUrl), true);
        String host = set.containsKey(PropertyKeys.host)
                ? url("host", set.get(PropertyKeys.host), false)
                : defaultHost.orElseThrow(
                        () -> new InvalidAttributeException("the Qlik host is unknown: set host on the"
                                + " tag, or the kit's public URL, " + SettingNames.PUBLIC_URL
                                + " (the request's host is not an allowed host)"));
        boolean cloud = QlikHosts.isCloud(host);
        String authType =
                set.getOrDefault(PropertyKeys.authType, DEFAULT_AUTH_TYPE).toLowerCase(Locale.ROOT);
        if (!AUTH_TYPES.contains(authType)) {
            throw new InvalidAttributeException("authType " + AuthorErrors.quote(set.get(PropertyKeys.authType))
                    + " is not an authentication type; expected " + DEFAULT_AUTH_TYPE + " (the default) or none for a"
                    + " client-managed host");
        }
        if (!cloud && authType.equals("anonymous")) {
            throw new InvalidAttributeException(
                    "authType 'anonymous' works only with Qlik Cloud Anonymous Access; for a"
                            + " client-managed Qlik Sense host remove authType (the default windowscookie uses the identity the"
                            + " kit injects) or set it to none");
        }
        if (!cloud) {
            for (PropertyKeys key : set.keySet()) {
                if (key.cloudOnly()) {
                    warnings.accept("attribute " + key + " is read only by Qlik Cloud; the client-managed host "
                            + AuthorErrors.quote(host) + " ignores it");
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("crossorigin", "anonymous");
        out.put("type", "application/javascript");
        out.put("src", src);
        Optional.ofNullable(set.get(PropertyKeys.nonce)).or(() -> nonce).ifPresent(value -> out.put("nonce", value));
        out.put(PropertyKeys.host.html(), host);
        out.put(
                PropertyKeys.loginUri.html(),
                set.containsKey(PropertyKeys.loginUri) ? url("loginUri", set.get(PropertyKeys.loginUri), true) : host);
        out.put(PropertyKeys.authType.html(), authType);
        for (PropertyKeys key : PropertyKeys.values()) {
            String value = set.get(key);
            if (value == null
                    || out.containsKey(key.html())
                    || key == PropertyKeys.src
                    || key == PropertyKeys.nonce
                    || key == PropertyKeys.crossSiteCookies) {
                continue;
            }
            out.put(
                    key.html(),
                    key == PropertyKeys.embedRuntimeUrl
                            ? url(key.name(), value, false)
                            : key == PropertyKeys.autoRedirect ? EmbedAttributes.bool(key.name(), value) : value);
        }
        if (!origin(host).equals(pageOrigin)) {
            out.put(
                    PropertyKeys.crossSiteCookies.html(),
                    set.containsKey(PropertyKeys.crossSiteCookies)
                            ? EmbedAttributes.bool("crossSiteCookies", set.get(PropertyKeys.crossSiteCookies))
                            : "true");
        }
        for (Map.Entry<String, Object> entry : passThrough.entrySet()) {
            if (out.containsKey(entry.getKey())) {
                throw new InvalidAttributeException(
                        "attribute " + entry.getKey() + " is set by a declared attribute;" + " use that one");
            }
            EmbedAttributes.passThrough(out, entry.getKey(), entry.getValue());
        }
        return out;
    }

    /** Checks a URL attribute: absolute http(s), or (where {@code pathAllowed}) a path on this site. */
    static String url(String attribute, String value, boolean pathAllowed) throws InvalidAttributeException {
        String expected = pathAllowed
                ? "an absolute http or https URL or a path starting with /"
                : "an absolute http or https URL such as https://site.example.com/qlik";
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean absolute = (scheme.equals("https") || scheme.equals("http"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
            boolean path = pathAllowed
                    && uri.getScheme() == null
                    && uri.getRawAuthority() == null
                    && value.startsWith("/")
                    && !value.startsWith("//");
            if (absolute || path) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidAttributeException(
                "attribute " + attribute + " " + AuthorErrors.quote(value) + " is not " + expected);
    }

    /** The origin ({@code scheme://host[:port]}) of an absolute URL, default ports left out. */
    static String origin(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port < 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
