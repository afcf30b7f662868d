package io.anonkit.settings;

import java.util.Map;
import java.util.Optional;

/** Loads and saves the settings document. */
public interface SettingsRepository {
    /** The saved value of each run-time setting, or empty when nothing was saved yet. */
    Optional<Map<SettingKey, String>> load();

    /** Saves every run-time setting of {@code settings}, replacing what was saved, all or nothing. */
    void save(Settings settings);

    /** Where the settings are kept, for log lines. */
    String location();
}
