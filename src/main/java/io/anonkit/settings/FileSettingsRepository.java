package io.anonkit.settings;

import io.anonkit.log.SafeText;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the settings document in a JSON file, {@code $ANONKIT_HOME/settings.json}, replaced atomically: the new
 * document is written to a temporary file in the same folder, forced to disk, then renamed over the old one, so a crash
 * at any moment leaves either the old or the new document, never a partial one. The file is readable by its owner only,
 * as it may hold the trust store password.
 */
public final class FileSettingsRepository implements SettingsRepository {
    /** Name of the settings document in the kit's home folder. */
    public static final String FILE_NAME = "settings.json";

    private static final JsonWriterFactory PRETTY = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    private final Path file;

    /** A repository for {@code home/settings.json}. */
    public FileSettingsRepository(Path home) {
        this.file = home.resolve(FILE_NAME);
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Optional<Map<SettingKey, String>> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonObject document;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
            document = reader.readObject();
        } catch (IOException | JsonException e) {
            throw new IllegalStateException("cannot read the saved settings " + file + ": " + e.getMessage()
                    + "; fix or remove the file", e);
        }
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        for (Map.Entry<String, JsonValue> entry : document.entrySet()) {
            Optional<SettingKey> key = SettingKey.byDocumentKey(entry.getKey())
                    .filter(k -> k.scope() == SettingKey.Scope.RUNTIME);
            if (key.isEmpty()) {
                throw new IllegalStateException("the saved settings " + file + " have an unknown key "
                        + SafeText.quote(entry.getKey()) + "; fix or remove the file");
            }
            if (!(entry.getValue() instanceof JsonString text)) {
                throw new IllegalStateException("the saved settings " + file + " have a non-text value for "
                        + SafeText.quote(entry.getKey()) + "; fix or remove the file");
            }
            values.put(key.get(), text.getString());
        }
        return Optional.of(values);
    }

    @Override
    public void save(Settings settings) {
        JsonObjectBuilder document = Json.createObjectBuilder();
        settings.values().forEach((key, value) -> document.add(key.documentKey(), value));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JsonWriter writer = PRETTY.createWriter(out)) {
            writer.writeObject(document.build());
        }
        try {
            AtomicFile.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the settings to " + file + ": " + e.getMessage(), e);
        }
    }

}
