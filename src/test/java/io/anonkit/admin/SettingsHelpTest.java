package io.anonkit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.SettingsParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsHelpTest {
    @Test
    void everyRunTimeSettingHasAGroupAndHelp() {
        for (SettingKey key : SettingKey.values()) {
            if (key.scope() == SettingKey.Scope.RUNTIME) {
                assertFalse(SettingsHelp.group(key).equals("Other"), key + " has no group");
                assertFalse(SettingsHelp.help(key).isEmpty(), key + " has no help");
            }
        }
    }

    @Test
    void everyListedChoiceIsAcceptedByTheParser() {
        for (SettingKey key : SettingKey.values()) {
            for (String choice : SettingsHelp.choices(key)) {
                Map<SettingKey, String> values = choice.equals("None")
                        ? Map.of(key, choice, SettingKey.COOKIE_SECURE, "always")
                        : Map.of(key, choice);
                SettingsParser.parse(values::get);
            }
        }
        assertEquals(
                java.util.List.of("header-static", "header-dynamic", "x-qlik-user", "none"),
                SettingsHelp.choices(SettingKey.IDENTITY_MODE));
    }
}
