package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingChoicesTest {
    private static Map<SettingKey, String> with(SettingKey key, String value) {
        // SameSite=None needs Secure always; every other choice stands alone.
        return value.equalsIgnoreCase("None")
                ? Map.of(key, value, SettingKey.COOKIE_SECURE, "always")
                : Map.of(key, value);
    }

    @Test
    void everyChoiceRoundTripsThroughItsOneTextFormInAnyCase() {
        int choiceSettings = 0;
        for (SettingKey key : SettingKey.values()) {
            List<String> choices = SettingChoices.of(key);
            if (choices.isEmpty()) {
                continue;
            }
            choiceSettings++;
            assertEquals(true, choices.contains(key.defaultValue()), key + "'s default is one of its choices");
            for (String choice : choices) {
                if (key == SettingKey.TRUSTSTORE_TYPE) {
                    // Without a trust store file the type is checked but not kept.
                    SettingsParser.parse(with(key, choice.toLowerCase(Locale.ROOT))::get);
                    continue;
                }
                Settings parsed = SettingsParser.parse(with(key, choice.toUpperCase(Locale.ROOT))::get);
                assertEquals(choice, parsed.values().get(key), key + " " + choice);
            }
        }
        assertEquals(
                10,
                choiceSettings,
                "identity mode, cookie Secure and SameSite, unusual names, trust store type,"
                        + " session pool, selection scope, access profile, enforcement, shared selections");
    }

    @Test
    void aValueOutsideTheChoicesIsRefusedWithTheChoicesListed() {
        for (SettingKey key : SettingKey.values()) {
            List<String> choices = SettingChoices.of(key);
            if (choices.isEmpty()) {
                continue;
            }
            InvalidSettingsException e =
                    assertThrows(InvalidSettingsException.class, () -> SettingsParser.parse(Map.of(key, "bogus")::get));
            assertEquals(
                    "'bogus' is not allowed; expected one of " + String.join(", ", choices),
                    e.errors().get(key));
        }
        assertFalse(SettingChoices.of(SettingKey.UPSTREAM).iterator().hasNext(), "free-form settings have no choices");
    }
}
