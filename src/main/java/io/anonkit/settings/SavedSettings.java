package io.anonkit.settings;

import java.util.Map;

/**
 * The settings document as a repository holds it.
 *
 * @param values   the saved text of each run-time setting
 * @param revision the repository's revision of the document; it grows with every save
 */
public record SavedSettings(Map<SettingKey, String> values, long revision) {

    /** Copies the map so the record stays immutable. */
    public SavedSettings {
        values = Map.copyOf(values);
    }
}
