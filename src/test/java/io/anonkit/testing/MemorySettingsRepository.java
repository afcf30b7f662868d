package io.anonkit.testing;

import io.anonkit.settings.AuditEntry;
import io.anonkit.settings.ConcurrentChangeException;
import io.anonkit.settings.SavedSettings;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsRepository;
import io.anonkit.settings.SigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A settings repository in memory, for tests that do not exercise persistence. */
public final class MemorySettingsRepository implements SettingsRepository {
    private SavedSettings saved;
    private final List<AuditEntry> audit = new ArrayList<>();
    private final List<SigningKey> keys = new ArrayList<>();

    @Override
    public synchronized Optional<SavedSettings> load() {
        return Optional.ofNullable(saved);
    }

    @Override
    public synchronized long save(Settings settings, long expectedRevision, AuditEntry entry) {
        long revision = saved == null ? 0 : saved.revision();
        if (revision != expectedRevision) {
            throw new ConcurrentChangeException("revision " + revision + ", not " + expectedRevision);
        }
        saved = new SavedSettings(settings.values(), revision + 1);
        audit.add(0, entry);
        return revision + 1;
    }

    @Override
    public synchronized List<AuditEntry> auditTrail(int limit) {
        return List.copyOf(audit.subList(0, Math.min(limit, audit.size())));
    }

    @Override
    public synchronized List<SigningKey> signingKeys() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized List<SigningKey> addSigningKey(SigningKey key, Instant forgetBefore) {
        keys.removeIf(k -> k.created().isBefore(forgetBefore));
        keys.add(key);
        return List.copyOf(keys);
    }

    @Override
    public String location() {
        return "memory";
    }
}
