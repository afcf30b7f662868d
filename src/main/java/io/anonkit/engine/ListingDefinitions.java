package io.anonkit.engine;

import io.anonkit.http.Ascii;
import io.anonkit.settings.AccessSettings.Profile;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Listing definitions in the properties a visitor sends ({@code CreateSessionObject}, {@code CreateChild},
 * {@code SetProperties}, {@code SetFullPropertyTree} and soft patches): a session object with {@code qVariableListDef}
 * lists the app's variables as {@code GetVariables} does, so each definition follows the rule of the method it amounts
 * to, per profile:
 * <ul>
 *   <li>{@code qFieldListDef} and {@code qDimensionListDef}: in both profiles, because the selections bar of nebula.js
 *       needs them (stardust 7.4.0 {@code nucleus/src/components/selections/hooks/useFieldList.js} and
 *       {@code useDimenisonList.js}); never with {@code qShowSystem} or {@code qShowHidden};</li>
 *   <li>{@code qChildListDef}: in both profiles, it lists the object's own children;</li>
 *   <li>{@code qVariableListDef} ({@code GetVariables}), {@code qMeasureListDef}, {@code qBookmarkListDef}
 *       ({@code GetBookmarks}), {@code qMediaListDef} ({@code GetMediaList}), {@code qAppObjectListDef}
 *       ({@code GetObjects}), {@code qExtensionListDef} and any other {@code *ListDef}: in {@code classic} only, and
 *       {@code qVariableListDef} never with {@code qShowReserved} or {@code qShowConfig}.</li>
 * </ul>
 * A soft patch is read as the properties it would make: its {@code qValue} (JSON) placed at its {@code qPath}.
 */
final class ListingDefinitions {
    /** How the name of every listing definition ends. */
    private static final String LIST_DEF = "listdef";
    /** Definitions both profiles allow, by lower-case name. */
    private static final Set<String> IN_EVERY_PROFILE = Set.of("qfieldlistdef", "qdimensionlistdef", "qchildlistdef");
    /** Flags that show what the app hides, by lower-case definition name. */
    private static final Map<String, Set<String>> HIDDEN_FLAGS = Map.of(
            "qfieldlistdef", Set.of("qshowsystem", "qshowhidden"),
            "qvariablelistdef", Set.of("qshowreserved", "qshowconfig"));

    private ListingDefinitions() {}

    /** Why {@code request}'s properties list what {@code profile} does not show, or empty. */
    static Optional<String> problem(Profile profile, EngineRequest request) {
        if (Ascii.equalsIgnoreCase(request.method(), "ApplyPatches")) {
            return request.param(0, "qPatches").flatMap(patches -> patches(profile, patches));
        }
        return properties(profile, request.params());
    }

    private static Optional<String> patches(Profile profile, JsonValue patches) {
        if (!(patches instanceof JsonArray array)) {
            return Optional.empty();
        }
        for (JsonValue patch : array) {
            if (patch instanceof JsonObject object && object.get("qPath") instanceof JsonString path) {
                JsonValue value =
                        object.get("qValue") instanceof JsonString text ? decoded(text.getString()) : JsonValue.NULL;
                Optional<String> found = properties(profile, placed(path.getString(), value));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code value} placed at {@code path} ({@code /a/b}) of an otherwise empty property tree. */
    private static JsonValue placed(String path, JsonValue value) {
        String[] segments = path.split("/");
        JsonValue current = value;
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty()) {
                current = EngineJson.BUILDERS
                        .createObjectBuilder()
                        .add(segments[i], current)
                        .build();
            }
        }
        return current;
    }

    private static JsonValue decoded(String text) {
        try (var reader = EngineJson.READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            return JsonValue.NULL;
        }
    }

    private static Optional<String> properties(Profile profile, JsonValue value) {
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                String key = member.getKey();
                if (Ascii.regionMatchesIgnoreCase(key, key.length() - LIST_DEF.length(), LIST_DEF)) {
                    Optional<String> found = definition(profile, key, Ascii.lowerCase(key), member.getValue());
                    if (found.isPresent()) {
                        return found;
                    }
                }
                Optional<String> found = properties(profile, member.getValue());
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof JsonArray array) {
            for (JsonValue element : array) {
                Optional<String> found = properties(profile, element);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> definition(Profile profile, String key, String name, JsonValue value) {
        String shown = bounded(key);
        if (!IN_EVERY_PROFILE.contains(name) && profile != Profile.CLASSIC) {
            return Optional.of("a " + shown + " lists what the " + Ascii.lowerCase(profile.name()) + " profile does not"
                    + " show");
        }
        Set<String> flags = HIDDEN_FLAGS.getOrDefault(name, Set.of());
        if (!flags.isEmpty() && value instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                if (flags.contains(Ascii.lowerCase(member.getKey()))
                        && member.getValue() != JsonValue.FALSE
                        && member.getValue() != JsonValue.NULL) {
                    return Optional.of(
                            "a " + shown + " with " + bounded(member.getKey()) + " lists what the app hides");
                }
            }
        }
        return Optional.empty();
    }

    /** A visitor's key as it may be counted and logged: letters and digits only, at most 40 characters. */
    private static String bounded(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length() && out.length() < 40; i++) {
            char c = key.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
