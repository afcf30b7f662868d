package io.anonkit.testing;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsRepository;
import java.util.Map;
import java.util.Optional;

/** A settings repository in memory, for tests that do not exercise persistence. */
public final class MemorySettingsRepository implements SettingsRepository {
    private volatile Map<SettingKey, String> saved;

    @Override
    public Optional<Map<SettingKey, String>> load() {
        return Optional.ofNullable(saved);
    }

    @Override
    public void save(Settings settings) {
        saved = settings.values();
    }

    @Override
    public String location() {
        return "memory";
    }
}
