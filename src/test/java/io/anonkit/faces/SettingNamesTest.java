package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.settings.SettingKey;
import org.junit.jupiter.api.Test;

/** The tags name settings as the settings name themselves. */
class SettingNamesTest {
    @Test
    void theTagsNameTheSettingsAsTheDocsDo() {
        assertEquals(SettingKey.APP_ID.named(), SettingNames.APP_ID);
        assertEquals(SettingKey.ALLOWED_APPS.named(), SettingNames.ALLOWED_APPS);
        assertEquals(SettingKey.PUBLIC_URL.named(), SettingNames.PUBLIC_URL);
    }
}
