package io.anonkit.testing;

import io.anonkit.settings.AuditEntry;
import io.anonkit.settings.FileSettingsRepository;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A process that saves two alternating settings documents to {@code args[0]/settings.json} as fast as it can, until it
 * is killed; it prints {@value #STARTED} after its first save. {@link #first()} and {@link #second()} are the two.
 */
public final class SettingsWriter {
    /** Printed after the first save. */
    public static final String STARTED = "writing";

    private SettingsWriter() {}

    /** The first document: a long user id, so a torn write would show. */
    public static Settings first() {
        return SettingsParser.parse(key -> key == SettingKey.USER_ID
                ? "a".repeat(120)
                : key == SettingKey.APP_ID ? "first-" + "x".repeat(200) : null);
    }

    /** The second document. */
    public static Settings second() {
        return SettingsParser.parse(key ->
                key == SettingKey.USER_ID ? "b" : key == SettingKey.UPSTREAM ? "https://qlik.example.com/anon" : null);
    }

    /** Saves {@link #first()} and {@link #second()} in turn forever. */
    public static void main(String[] args) {
        FileSettingsRepository repository = new FileSettingsRepository(Path.of(args[0]));
        long revision = repository.load().map(saved -> saved.revision()).orElse(0L);
        Settings[] documents = {first(), second()};
        for (long i = 0; ; i++) {
            Settings next = documents[(int) (i % 2)];
            revision = repository.save(
                    next,
                    revision,
                    AuditEntry.between(documents[(int) ((i + 1) % 2)], next, "writer", "local", Instant.now()));
            if (i == 0) {
                System.out.println(STARTED);
                System.out.flush();
            }
        }
    }
}
