package io.anonkit.faces;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Collection;
import java.util.Map;

/**
 * A JSON-valued attribute ({@code dimensions}, {@code context}, {@code name___json}, ...): parsed with Jakarta JSON
 * Processing and written back compact, so only well-formed JSON of the expected shape reaches the page.
 */
final class JsonAttribute {
    /** The JSON shape an attribute needs. */
    enum Shape {
        ARRAY("an array such as [\"Country\"]", JsonValue.ValueType.ARRAY),
        OBJECT("an object such as {\"theme\":\"sense\"}", JsonValue.ValueType.OBJECT),
        ANY("any JSON value", null);

        private final String example;
        private final JsonValue.ValueType type;

        Shape(String example, JsonValue.ValueType type) {
            this.example = example;
            this.type = type;
        }
    }

    private JsonAttribute() {}

    /**
     * The compact JSON text of {@code value}: a string is parsed, a {@link JsonValue}, map or collection is converted.
     *
     * @throws InvalidAttributeException naming {@code attribute} when the value is not JSON of {@code shape}
     */
    static String normalise(String attribute, Object value, Shape shape) throws InvalidAttributeException {
        return parse(attribute, value, shape).toString();
    }

    /**
     * {@code value} as JSON of {@code shape}: a string is parsed, a {@link JsonValue}, map or collection is converted.
     *
     * @throws InvalidAttributeException naming {@code attribute} when the value is not JSON of {@code shape}
     */
    static JsonValue parse(String attribute, Object value, Shape shape) throws InvalidAttributeException {
        JsonValue json = read(attribute, value, shape);
        if (shape.type != null && json.getValueType() != shape.type) {
            throw new InvalidAttributeException("attribute " + attribute + " must be " + shape.example + ", not "
                    + AuthorErrors.quote(json.toString()));
        }
        return json;
    }

    private static JsonValue read(String attribute, Object value, Shape shape) throws InvalidAttributeException {
        if (value instanceof JsonValue json) {
            return json;
        }
        try {
            if (value instanceof Map<?, ?> map) {
                return Json.createObjectBuilder(stringKeys(map)).build();
            }
            if (value instanceof Collection<?> collection) {
                return Json.createArrayBuilder(collection).build();
            }
            try (var reader = Json.createReader(new StringReader(String.valueOf(value)))) {
                return reader.readValue();
            }
        } catch (JsonParsingException e) {
            throw new InvalidAttributeException("attribute " + attribute + " is not valid JSON (" + e.getMessage()
                    + "); expected " + shape.example + " in strict JSON: double-quoted names and strings");
        } catch (JsonException | IllegalArgumentException e) {
            throw new InvalidAttributeException("attribute " + attribute + " is not valid JSON (" + e.getMessage()
                    + "); expected " + shape.example);
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        java.util.LinkedHashMap<String, Object> copy = new java.util.LinkedHashMap<>();
        map.forEach((key, item) -> copy.put(String.valueOf(key), item));
        return copy;
    }
}
