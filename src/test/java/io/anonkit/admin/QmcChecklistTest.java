package io.anonkit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QmcChecklistTest {
    private static Map<String, String> values(Map<SettingKey, String> settings, String host) {
        Settings parsed = SettingsParser.parse(settings::get);
        Map<String, String> values = new LinkedHashMap<>();
        QmcChecklist.of(parsed, host).forEach(item -> values.put(item.field(), item.value()));
        return values;
    }

    @Test
    void aDynamicCrossSiteSetupListsThePatternTheHostsAndTheCorsHeaders() {
        Map<String, String> values = values(
                Map.of(
                        SettingKey.UPSTREAM,
                        "https://qlik.example.com/anon",
                        SettingKey.IDENTITY_MODE,
                        "header-dynamic",
                        SettingKey.USER_DIRECTORY,
                        "WEB",
                        SettingKey.PUBLIC_URL,
                        "https://kit.example.com/analytics",
                        SettingKey.ALLOWED_HOSTS,
                        "kit.example.com,kit",
                        SettingKey.ALLOWED_ORIGINS,
                        "https://shop.example.org",
                        SettingKey.COOKIE_SAMESITE,
                        "None",
                        SettingKey.COOKIE_SECURE,
                        "always"),
                "ignored:8080");
        assertEquals("anon", values.get("Prefix"));
        assertEquals("X-Qlik-Session-anon", values.get("Session cookie header name"));
        assertEquals("Header authentication dynamic user directory", values.get("Authentication method"));
        assertEquals("$ud\\$id", values.get("Header authentication dynamic user directory"));
        assertEquals("kit.example.com\nkit\nshop.example.org", values.get("Host allow list"));
        assertEquals(
                "Access-Control-Allow-Origin: https://shop.example.org\nAccess-Control-Allow-Credentials: true\n"
                        + "Access-Control-Expose-Headers: qlik-csrf-token",
                values.get("Additional response headers"));
        assertEquals("None", values.get("SameSite attribute (HTTPS)"));
        assertEquals("on", values.get("Secure attribute (HTTPS)"));
    }

    @Test
    void withoutAPublicUrlTheRequestHostIsListedWithoutItsPort() {
        Map<String, String> values =
                values(Map.of(SettingKey.UPSTREAM, "http://qlik:8080/hdr"), "www.example.com:8443");
        assertEquals("www.example.com", values.get("Host allow list"));
        assertEquals("off", values.get("Secure attribute (HTTP)"));
        assertEquals("hdr-usr", values.get("Header authentication header name"));
        assertEquals("PUBLIC", values.get("Header authentication static user directory"));
    }

    @Test
    void theSharedUsersSecurityRulesNameTheUserAndTheAllowedApps() {
        Map<String, String> values = values(
                Map.of(
                        SettingKey.UPSTREAM,
                        "https://qlik/hdr",
                        SettingKey.ALLOWED_APPS,
                        "app-1,app-2",
                        SettingKey.USER_ID,
                        "web",
                        SettingKey.USER_ID_COUNT,
                        "3"),
                "kit");
        assertEquals(
                "Read on App_* only where resource.id is one of \"app-1\", \"app-2\", for user.userDirectory ="
                        + " \"PUBLIC\" and user.userId like \"web*\"",
                values.get("Security rule: apps"));
        assertEquals(
                "no access to App.Object_* where resource.objectType = \"app_appscript\", for"
                        + " user.userDirectory = \"PUBLIC\" and user.userId like \"web*\"",
                values.get("Security rule: load scripts"));
        for (String rule : new String[] {"streams", "app creation", "data connections", "exports", "other resources"}) {
            assertEquals(true, values.containsKey("Security rule: " + rule), rule);
        }
        Map<String, String> single = values(Map.of(SettingKey.UPSTREAM, "https://qlik/hdr"), "kit");
        assertEquals(
                "exclude user.userDirectory = \"PUBLIC\" and user.userId = \"anonymous\" from the CreateApp and"
                        + " CreateAppObjectsPublishedApp rules",
                single.get("Security rule: app creation"));
    }
}
