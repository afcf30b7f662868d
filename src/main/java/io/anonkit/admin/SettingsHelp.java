package io.anonkit.admin;

import io.anonkit.settings.SettingChoices;
import io.anonkit.settings.SettingKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * What the admin page says about each run-time setting: its group, a one-line help text and, for settings with a fixed
 * set of values, the choices. The texts live in {@code settings-help.properties} next to this class; the choices come
 * from the settings' enums ({@link SettingChoices}).
 */
final class SettingsHelp {
    private static final Properties TEXTS = load();

    private SettingsHelp() {}

    private static Properties load() {
        Properties texts = new Properties();
        try (InputStream in = SettingsHelp.class.getResourceAsStream("settings-help.properties")) {
            if (in == null) {
                throw new IllegalStateException("settings-help.properties is missing from the kit's classes");
            }
            texts.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    /** The group the setting is shown in, such as {@code Identity}. */
    static String group(SettingKey key) {
        return TEXTS.getProperty(key.documentKey() + ".group", "Other");
    }

    /** The setting's help text; empty when there is none. */
    static String help(SettingKey key) {
        return TEXTS.getProperty(key.documentKey() + ".help", "");
    }

    /** The allowed values, or empty when the value is free text. */
    static List<String> choices(SettingKey key) {
        return SettingChoices.of(key);
    }
}
