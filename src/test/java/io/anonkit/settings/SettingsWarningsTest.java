package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsWarningsTest {
    @Test
    void plainHttpUpstreamAnyHostAndCrossSiteLaxCookiesAreWarnedAbout() {
        Settings settings =
                SettingsParser.parse(Map.of(
                        SettingKey.UPSTREAM,
                        "http://qlik.internal/hdr",
                        SettingKey.ALLOWED_ORIGINS,
                        "https://shop.example.org")::get);
        Map<SettingKey, String> warnings = SettingsWarnings.of(settings);
        assertEquals(
                "'http://qlik.internal/hdr' is plain http: the identity header and Qlik's session cookies cross the"
                        + " network unencrypted; use https unless the kit and Qlik share a private network",
                warnings.get(SettingKey.UPSTREAM));
        assertEquals(
                "'Lax' keeps browsers from sending Qlik's session cookie from the sites in allowedOrigins;"
                        + " cross-site embedding needs None (with cookieSecure=always and https)",
                warnings.get(SettingKey.COOKIE_SAMESITE));
        assertEquals(true, warnings.containsKey(SettingKey.ALLOWED_HOSTS));
    }

    @Test
    void aCarefulSetupHasNoWarnings() {
        Settings settings = SettingsParser.parse(Map.of(
                SettingKey.UPSTREAM,
                "https://qlik.example.com/anon",
                SettingKey.ALLOWED_HOSTS,
                "kit.example.com",
                SettingKey.APP_ID,
                "6d8bf6e9")::get);
        assertEquals(Map.of(), SettingsWarnings.of(settings));
    }

    @Test
    void anOpenProfileObserveModeAndNoAllowedAppAreWarnedAbout() {
        Settings open = SettingsParser.parse(Map.of(SettingKey.ACCESS_PROFILE, "open")::get);
        assertEquals(
                true, SettingsWarnings.of(open).get(SettingKey.ACCESS_PROFILE).startsWith("'open': visitors reach"));
        Settings observing = SettingsParser.parse(Map.of(SettingKey.ENFORCEMENT, "observe")::get);
        assertEquals(
                "'observe': nothing is refused; what the embed profile would refuse is only counted and listed on"
                        + " the admin page; switch to enforce once the list shows nothing the site needs",
                SettingsWarnings.of(observing).get(SettingKey.ENFORCEMENT));
        assertEquals(
                "empty, and so is appId: every engine WebSocket is refused, so no chart can load; list the ids of"
                        + " the embedded apps",
                SettingsWarnings.of(observing).get(SettingKey.ALLOWED_APPS));
    }

    @Test
    void allowedOriginsAreNormalisedAndDeduplicated() {
        Settings settings =
                SettingsParser.parse(Map.of(
                        SettingKey.ALLOWED_ORIGINS,
                        "https://Shop.Example.org, https://shop.example.org ,http://intranet:8080")::get);
        assertEquals(
                java.util.List.of("https://shop.example.org", "http://intranet:8080"),
                settings.embed().allowedOrigins());
        assertEquals(
                "https://shop.example.org,http://intranet:8080",
                settings.values().get(SettingKey.ALLOWED_ORIGINS));
    }
}
