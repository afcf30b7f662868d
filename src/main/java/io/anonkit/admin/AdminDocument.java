package io.anonkit.admin;

import io.anonkit.log.SafeText;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The settings document of the admin API: one JSON object with a text value per run-time setting, keyed by the
 * settings' document keys ({@code upstream}, {@code identityMode}, ...).
 *
 * <p>Secret values never leave the kit: a secret that is set reads {@value #SECRET_KEPT}, and a document that sends
 * that value back keeps the secret as it is. A key missing from a {@code PUT} takes its default, as a full replacement
 * should; numbers and booleans are taken as their text.
 */
final class AdminDocument {
    /** What a set secret reads in the API; sent back, it keeps the secret. */
    static final String SECRET_KEPT = "(secret)";

    private AdminDocument() {}

    /** The document of {@code settings}, secrets masked. */
    static JsonObject of(Settings settings) {
        JsonObjectBuilder document = Json.createObjectBuilder();
        settings.values()
                .forEach((key, value) ->
                        document.add(key.documentKey(), key.secret() && !value.isEmpty() ? SECRET_KEPT : value));
        return document.build();
    }

    /**
     * The text of each setting in {@code document}, or the field errors that keep it from being read.
     *
     * @param current the settings in force, whose secrets a masked value keeps
     */
    static Result read(JsonObject document, Settings current) {
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        Map<String, String> errors = new LinkedHashMap<>();
        Map<SettingKey, String> currentValues = current.values();
        for (Map.Entry<String, JsonValue> entry : document.entrySet()) {
            Optional<SettingKey> key = SettingKey.byDocumentKey(entry.getKey());
            if (key.isEmpty()) {
                errors.put(
                        entry.getKey(),
                        SafeText.quote(entry.getKey()) + " is not a setting; expected the keys of"
                                + " GET /admin/api/settings: " + runtimeKeys());
                continue;
            }
            if (key.get().scope() != SettingKey.Scope.RUNTIME) {
                errors.put(
                        entry.getKey(),
                        SafeText.quote(entry.getKey()) + " is read once at start-up; set "
                                + key.get().environmentVariable() + " and restart instead");
                continue;
            }
            Optional<String> text = text(entry.getValue());
            if (text.isEmpty()) {
                errors.put(
                        entry.getKey(),
                        "expected a text value, such as \"" + key.get().defaultValue() + "\", not "
                                + entry.getValue().getValueType().name().toLowerCase(java.util.Locale.ROOT));
                continue;
            }
            boolean keep = key.get().secret() && text.get().equals(SECRET_KEPT);
            values.put(key.get(), keep ? currentValues.get(key.get()) : text.get());
        }
        return new Result(values, errors);
    }

    /**
     * What a document gave.
     *
     * @param values the text of each setting it holds
     * @param errors messages for the keys it could not read, by key
     */
    record Result(Map<SettingKey, String> values, Map<String, String> errors) {}

    private static Optional<String> text(JsonValue value) {
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        if (value instanceof JsonNumber number) {
            return Optional.of(number.toString());
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    private static String runtimeKeys() {
        return Arrays.stream(SettingKey.values())
                .filter(k -> k.scope() == SettingKey.Scope.RUNTIME)
                .map(SettingKey::documentKey)
                .collect(Collectors.joining(", "));
    }
}
