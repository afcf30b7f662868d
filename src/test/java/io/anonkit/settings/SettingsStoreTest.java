package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anonkit.testing.MemorySettingsRepository;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsStoreTest {
    private static Settings withUser(String user) {
        return SettingsParser.parse(key -> key == SettingKey.USER_ID ? user : null);
    }

    @Test
    void replaceSavesPublishesAndNotifies() {
        List<Settings> saved = new ArrayList<>();
        SettingsStore store = new SettingsStore(withUser("a"), 0, repository(saved, false), Clock.systemUTC());
        List<SettingsChanged> changes = new ArrayList<>();
        store.onChange(changes::add);
        Settings next = withUser("b");
        Settings previous = store.replace(next);
        assertEquals("a", previous.userId());
        assertSame(next, store.current());
        assertEquals(List.of(next), saved);
        assertEquals(List.of(new SettingsChanged(previous, next)), changes);
    }

    @Test
    void whenSavingFailsNothingChanges() {
        SettingsStore store =
                new SettingsStore(withUser("a"), 0, repository(new ArrayList<>(), true), Clock.systemUTC());
        List<SettingsChanged> changes = new ArrayList<>();
        store.onChange(changes::add);
        assertThrows(UncheckedIOException.class, () -> store.replace(withUser("b")));
        assertEquals("a", store.current().userId());
        assertEquals(List.of(), changes);
    }

    private static SettingsRepository repository(List<Settings> saved, boolean failing) {
        return new SettingsRepository() {
            @Override
            public Optional<SavedSettings> load() {
                return Optional.empty();
            }

            @Override
            public long save(Settings settings, long expectedRevision, AuditEntry entry) {
                if (failing) {
                    throw new UncheckedIOException(new java.io.IOException("disk full"));
                }
                saved.add(settings);
                return expectedRevision + 1;
            }

            @Override
            public List<AuditEntry> auditTrail(int limit) {
                return List.of();
            }

            @Override
            public List<SigningKey> signingKeys() {
                return List.of();
            }

            @Override
            public List<SigningKey> addSigningKey(SigningKey key, java.time.Instant forgetBefore) {
                return List.of(key);
            }

            @Override
            public String location() {
                return "test";
            }
        };
    }

    @Test
    void aChangeBasedOnReplacedSettingsIsRefusedAndNothingIsSaved() {
        MemorySettingsRepository repository = new MemorySettingsRepository();
        SettingsStore store = new SettingsStore(withUser("a"), 0, repository, Clock.systemUTC());
        Settings read = store.current();
        store.change(read, withUser("b"), "admin", "10.0.0.1");
        assertThrows(ConcurrentChangeException.class, () -> store.change(read, withUser("c"), "other", "10.0.0.2"));
        assertEquals("b", store.current().userId());
        assertEquals(1, repository.auditTrail(10).size());
    }

    @Test
    void theAuditEntryNamesWhoFromWhereAndOnlyTheChangedFieldsWithSecretsRedacted() throws Exception {
        MemorySettingsRepository repository = new MemorySettingsRepository();
        Instant now = Instant.parse("2026-11-24T10:15:30Z");
        Settings before = withUser("a");
        SettingsStore store = new SettingsStore(before, 0, repository, Clock.fixed(now, ZoneOffset.UTC));
        Path trustStore = io.anonkit.testing.TestCertificates.create(java.nio.file.Files.createTempDirectory("ts"))
                .trustStore();
        Map<SettingKey, String> values = new EnumMap<>(before.values());
        values.put(SettingKey.USER_ID, "b");
        values.put(SettingKey.TRUSTSTORE, trustStore.toString());
        values.put(SettingKey.TRUSTSTORE_PASSWORD, io.anonkit.testing.TestCertificates.PASSWORD);
        store.change(before, SettingsParser.parse(values::get), "admin", "10.0.0.1");
        AuditEntry entry = repository.auditTrail(10).get(0);
        assertEquals(
                new AuditEntry(
                        now,
                        "admin",
                        "10.0.0.1",
                        List.of(
                                new FieldChange("userId", "a", "b"),
                                new FieldChange("trustStore", "", trustStore.toString()),
                                new FieldChange("trustStorePassword", "", "(secret)"))),
                entry);
        assertEquals(false, entry.toJson().toString().contains(io.anonkit.testing.TestCertificates.PASSWORD));
    }

    @Test
    void refreshPutsInForceWhatAnotherWriterSavedOnce() {
        MemorySettingsRepository shared = new MemorySettingsRepository();
        SettingsStore here = new SettingsStore(withUser("a"), 0, shared, Clock.systemUTC());
        SettingsStore there = new SettingsStore(withUser("a"), 0, shared, Clock.systemUTC());
        List<SettingsChanged> changes = new ArrayList<>();
        here.onChange(changes::add);
        there.change(there.current(), withUser("b"), "admin", "10.0.0.1");
        assertEquals(true, here.refresh());
        assertEquals(false, here.refresh());
        assertEquals("b", here.current().userId());
        assertEquals(1, changes.size());
        assertThrows(ConcurrentChangeException.class, () -> there.change(withUser("b"), withUser("c"), "x", "y"));
    }
}
