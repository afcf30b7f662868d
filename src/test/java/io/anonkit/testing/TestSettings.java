package io.anonkit.testing;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import java.util.EnumMap;
import java.util.Map;

/** Builds settings for tests from the defaults plus a few overrides. */
public final class TestSettings {
    private final Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);

    private TestSettings() {}

    /** Settings with every default. */
    public static TestSettings defaults() {
        return new TestSettings();
    }

    /** Sets one setting's text. */
    public TestSettings with(SettingKey key, Object value) {
        values.put(key, String.valueOf(value));
        return this;
    }

    /** The validated settings. */
    public Settings build() {
        return SettingsParser.parse(values::get);
    }
}
