package io.anonkit.settings;

import io.anonkit.log.SafeText;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Valid but risky choices in a {@link Settings}, one message per setting: the kit runs with them, and the admin page
 * and the start-up log say what to change.
 */
public final class SettingsWarnings {
    private SettingsWarnings() {}

    /** The warnings for {@code settings}; empty when there is nothing to say. */
    public static Map<SettingKey, String> of(Settings settings) {
        Map<SettingKey, String> warnings = new EnumMap<>(SettingKey.class);
        settings.upstream()
                .filter(u -> u.getScheme().equals("http") && !settings.inspecting())
                .ifPresent(upstream -> warnings.put(
                        SettingKey.UPSTREAM,
                        SafeText.quote(upstream.toString()) + " is plain http: the identity header and"
                                + " Qlik's session cookies cross the network unencrypted; use https unless the kit and Qlik"
                                + " share a private network"));
        if (settings.inspecting()) {
            warnings.put(
                    SettingKey.UPSTREAM,
                    "inspect: the kit answers /qlik/ itself with the request it would send to"
                            + " Qlik, and engine WebSockets with an echo; no Qlik server is used. Enter the virtual proxy URL"
                            + " with its prefix to go live");
        }
        if (settings.upstream().isEmpty()) {
            warnings.put(
                    SettingKey.UPSTREAM,
                    "no upstream is set, so /qlik/ answers 503; enter the virtual proxy"
                            + " URL with its prefix, such as https://qlik.example.com/anon");
        }
        if (settings.allowedHosts().isEmpty()) {
            warnings.put(
                    SettingKey.ALLOWED_HOSTS,
                    "empty: the proxy mount answers to any Host header; list the"
                            + " kit's public host names, such as www.example.com");
        }
        if (settings.cookieSecure() == CookieSecure.NEVER) {
            warnings.put(
                    SettingKey.COOKIE_SECURE,
                    "'never': Qlik's session cookie can travel over plain http;" + " use auto or always");
        }
        boolean httpsPublic = settings.embed()
                .publicUrl()
                .map(URI::getScheme)
                .filter("https"::equals)
                .isPresent();
        if (!settings.embed().allowedOrigins().isEmpty() && settings.cookieSameSite() != SameSite.NONE) {
            warnings.put(
                    SettingKey.COOKIE_SAMESITE,
                    SafeText.quote(settings.cookieSameSite().text())
                            + " keeps browsers from sending Qlik's session cookie from the sites in "
                            + SettingKey.ALLOWED_ORIGINS.documentKey() + "; cross-site embedding needs None (with "
                            + SettingKey.COOKIE_SECURE.documentKey() + "=always and https)");
        } else if (settings.cookieSameSite() == SameSite.NONE
                && settings.embed().publicUrl().isPresent()
                && !httpsPublic) {
            warnings.put(
                    SettingKey.COOKIE_SAMESITE,
                    "'None' cookies are Secure, so browsers send them only over https," + " but "
                            + SettingKey.PUBLIC_URL.documentKey() + " is http");
        }
        AccessSettings access = settings.access();
        if (access.profile() == AccessSettings.Profile.OPEN) {
            warnings.put(
                    SettingKey.ACCESS_PROFILE,
                    "'open': visitors reach everything the shared Qlik user can, such as"
                            + " the repository API (/qrs), the hub, any app's engine and a logout of the pooled session; use"
                            + " embed (or classic) and observe first if unsure");
        } else if (settings.allowedApps().isEmpty()) {
            warnings.put(
                    SettingKey.ALLOWED_APPS,
                    "empty, and so is " + SettingKey.APP_ID.documentKey()
                            + ": every engine WebSocket is refused, so no chart can load; list the ids of the embedded apps");
        }
        if (access.enforcement() == AccessSettings.Enforcement.OBSERVE
                && access.profile() != AccessSettings.Profile.OPEN) {
            warnings.put(
                    SettingKey.ENFORCEMENT,
                    "'observe': nothing is refused; what the "
                            + access.profile().text()
                            + " profile would refuse is only counted and listed on the admin page; switch to enforce once the"
                            + " list shows nothing the site needs");
        }
        return Collections.unmodifiableMap(warnings);
    }
}
