package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        repository.save(settings);
        assertEquals(settings, SettingsParser.parse(repository.load().orElseThrow()::get));
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        FileSettingsRepository repository = new FileSettingsRepository(home);
        repository.save(Settings.defaults());
        repository.save(Settings.defaults());
        Path file = home.resolve(FileSettingsRepository.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(home)) {
            assertEquals(1, files.count(), "only settings.json");
        }
    }

    @Test
    void unknownKeyStopsTheLoadWithTheFileNamed() throws Exception {
        Files.writeString(home.resolve("settings.json"), "{\"upstream\":\"https://q/hdr\",\"identtyMode\":\"none\"}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FileSettingsRepository(home).load());
        assertEquals("the saved settings " + home.resolve("settings.json") + " have an unknown key 'identtyMode'; fix or remove the file",
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
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FileSettingsRepository(home).load());
        assertTrue(e.getMessage().startsWith("cannot read the saved settings "), e.getMessage());
    }
}
