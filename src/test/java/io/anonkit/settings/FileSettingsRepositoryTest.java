package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSettingsRepositoryTest {
    @TempDir
    Path home;

    @Test
    void nothingSavedLoadsEmpty() {
        assertEquals(Optional.empty(), new FileSettingsRepository(home.resolve("new")).load());
    }

    @Test
    void savedSettingsLoadBackEqual() {
        FileSettingsRepository repository = new FileSettingsRepository(home.resolve("nested/home"));
        Settings settings = SettingsParser.parse(key -> switch (key) {
            case UPSTREAM -> "https://qlik.example.com/hdr";
            case USER_ID -> "visitor";
            default -> null;
        });
        repository.save(settings, 0, entry(Settings.defaults(), settings));
        assertEquals(
                settings, SettingsParser.parse(repository.load().orElseThrow().values()::get));
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        FileSettingsRepository repository = new FileSettingsRepository(home);
        long first = repository.save(Settings.defaults(), 0, entry(Settings.defaults(), Settings.defaults()));
        repository.save(Settings.defaults(), first, entry(Settings.defaults(), Settings.defaults()));
        Path file = home.resolve(FileSettingsRepository.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(home)) {
            assertEquals(
                    List.of("audit.jsonl", "settings.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void unknownKeyStopsTheLoadWithTheFileNamed() throws Exception {
        Files.writeString(home.resolve("settings.json"), "{\"upstream\":\"https://q/hdr\",\"identtyMode\":\"none\"}");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new FileSettingsRepository(home).load());
        assertEquals(
                "the saved settings " + home.resolve("settings.json")
                        + " have an unknown key 'identtyMode'; fix or remove them",
                e.getMessage());
    }

    @Test
    void startUpOnlyKeysAreNotAcceptedFromTheFile() throws Exception {
        Files.writeString(home.resolve("settings.json"), "{\"port\":\"80\"}");
        assertThrows(IllegalStateException.class, () -> new FileSettingsRepository(home).load());
    }

    @Test
    void brokenJsonIsReportedNotIgnored() throws Exception {
        Files.writeString(home.resolve("settings.json"), "{\"upstream\":");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new FileSettingsRepository(home).load());
        assertTrue(e.getMessage().startsWith("cannot read the saved settings "), e.getMessage());
    }

    @Test
    void aSaveBasedOnAnOldRevisionIsRefused() {
        FileSettingsRepository repository = new FileSettingsRepository(home);
        repository.save(Settings.defaults(), 0, entry(Settings.defaults(), Settings.defaults()));
        assertThrows(
                ConcurrentChangeException.class,
                () -> repository.save(Settings.defaults(), 0, entry(Settings.defaults(), Settings.defaults())));
    }

    @Test
    void theAuditTrailListsNewestFirstAndSkipsALineCutShortByACrash() throws Exception {
        FileSettingsRepository repository = new FileSettingsRepository(home);
        Settings a = SettingsParser.parse(key -> key == SettingKey.USER_ID ? "a" : null);
        Settings b = SettingsParser.parse(key -> key == SettingKey.USER_ID ? "b" : null);
        long revision = repository.save(a, 0, entry(Settings.defaults(), a));
        repository.save(b, revision, entry(a, b));
        Files.writeString(home.resolve("audit.jsonl"), "{\"at\":\"2026-", java.nio.file.StandardOpenOption.APPEND);
        List<AuditEntry> trail = repository.auditTrail(10);
        assertEquals(List.of(new FieldChange("userId", "a", "b")), trail.get(0).changes());
        assertEquals(
                List.of(new FieldChange("userId", "anonymous", "a")),
                trail.get(1).changes());
        assertEquals(2, trail.size());
        assertEquals(1, repository.auditTrail(1).size());
    }

    private static AuditEntry entry(Settings before, Settings after) {
        return AuditEntry.between(before, after, "admin", "127.0.0.1", java.time.Instant.now());
    }
}
