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
import java.io.StringReader;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The saved form of the run-time settings: one JSON object whose keys are the settings' document keys and whose values
 * are their text, as {@link Settings#values()} gives them. Repositories share it, so a file and a database hold the
 * same document.
 */
public final class SettingsDocument {
    private static final JsonWriterFactory PRETTY =
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private SettingsDocument() {}

    /** The document of {@code settings}, pretty-printed. */
    public static String write(Settings settings) {
        JsonObjectBuilder document = Json.createObjectBuilder();
        settings.values().forEach((key, value) -> document.add(key.documentKey(), value));
        StringWriter out = new StringWriter();
        try (JsonWriter writer = PRETTY.createWriter(out)) {
            writer.writeObject(document.build());
        }
        return out.toString();
    }

    /**
     * Reads a saved document.
     *
     * @param text  the JSON text
     * @param where where it was read from, for the error message
     * @throws IllegalStateException when the text is not such a document, naming the problem and how to fix it
     */
    public static Map<SettingKey, String> read(String text, String where) {
        JsonObject document;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            document = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalStateException(
                    "cannot read the saved settings " + where + ": " + e.getMessage() + "; fix or remove them", e);
        }
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        for (Map.Entry<String, JsonValue> entry : document.entrySet()) {
            Optional<SettingKey> key =
                    SettingKey.byDocumentKey(entry.getKey()).filter(k -> k.scope() == SettingKey.Scope.RUNTIME);
            if (key.isEmpty()) {
                throw new IllegalStateException("the saved settings " + where + " have an unknown key "
                        + SafeText.quote(entry.getKey()) + "; fix or remove them");
            }
            if (!(entry.getValue() instanceof JsonString value)) {
                throw new IllegalStateException("the saved settings " + where + " have a non-text value for "
                        + SafeText.quote(entry.getKey()) + "; fix or remove them");
            }
            values.put(key.get(), value.getString());
        }
        return values;
    }
}
