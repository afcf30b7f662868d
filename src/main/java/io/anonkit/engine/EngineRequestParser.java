package io.anonkit.engine;

import io.anonkit.http.Ascii;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a visitor's text message as exactly one JSON-RPC request object, strictly: no batch (array), no duplicate key
 * at any depth (keys that differ only in the case of ASCII letters count as duplicates), at most a given nesting depth, nothing after the object, an integer {@code id} (at least 0) and
 * {@code handle} (at least -1), a {@code method} of letters only, {@code params} an array or an object, and no member
 * the clients do not send. Anything else is a {@link MalformedMessageException}, and the tunnel closes.
 */
final class EngineRequestParser {
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,64}");
    private static final String LIST_DEF = "listdef";
    private final int maxDepth;

    /** A parser that refuses nesting deeper than {@code maxDepth}. */
    EngineRequestParser(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** What the parse of one message noted of its strings and keys, for the content checks. */
    private static final class Notes {
        private final java.util.List<String> callLike = new java.util.ArrayList<>();
        private boolean listingKeys;
    }

    /** The request in {@code text}. */
    EngineRequest parse(String text) throws MalformedMessageException {
        JsonValue value;
        Notes notes = new Notes();
        try (JsonParser parser = EngineJson.PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedMessageException("not one JSON object (a batch, or not JSON)");
            }
            value = object(parser, 1, notes);
            if (parser.hasNext()) {
                throw new MalformedMessageException("data after the request object");
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new MalformedMessageException("not valid JSON");
        }
        return request((JsonObject) value, notes);
    }

    private EngineRequest request(JsonObject object, Notes notes) throws MalformedMessageException {
        for (String member : object.keySet()) {
            if (!EngineRequest.MEMBERS.contains(member)) {
                throw new MalformedMessageException("an unknown member");
            }
        }
        long id = integer(object.get("id"), 0, Long.MAX_VALUE, "id");
        int handle = (int) integer(object.get("handle"), -1, Integer.MAX_VALUE, "handle");
        if (!(object.get("method") instanceof JsonString method)
                || !METHOD.matcher(method.getString()).matches()) {
            throw new MalformedMessageException("no method name of letters");
        }
        JsonValue params = object.getOrDefault("params", JsonValue.EMPTY_JSON_ARRAY);
        if (params.getValueType() != JsonValue.ValueType.ARRAY && params.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedMessageException("params neither an array nor an object");
        }
        Map<String, JsonValue> flags = new LinkedHashMap<>();
        JsonValue version = object.get("jsonrpc");
        if (version != null) {
            if (!(version instanceof JsonString text) || !text.getString().equals("2.0")) {
                throw new MalformedMessageException("a jsonrpc version other than 2.0");
            }
            flags.put("jsonrpc", version);
        }
        for (String flag : new String[] {"delta", "return_empty"}) {
            JsonValue value = object.get(flag);
            if (value != null) {
                if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                    throw new MalformedMessageException(flag + " not a boolean");
                }
                flags.put(flag, value);
            }
        }
        // The notes cover the members outside params too (the method, the flags); those are never call-like or
        // listings.
        return new EngineRequest(
                id,
                handle,
                method.getString(),
                params,
                flags,
                java.util.List.copyOf(notes.callLike),
                notes.listingKeys);
    }

    private static JsonValue string(String text, Notes notes) {
        if (text.indexOf('(') >= 0 || text.indexOf('$') >= 0) {
            notes.callLike.add(text);
        }
        return EngineJson.PROVIDER.createValue(text);
    }

    private static long integer(JsonValue value, long min, long max, String name) throws MalformedMessageException {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new MalformedMessageException("no integer " + name);
        }
        // Compared as decimals first: a number such as 1e999999 never becomes a million-digit integer.
        java.math.BigDecimal exact = number.bigDecimalValue();
        if (exact.compareTo(java.math.BigDecimal.valueOf(min)) < 0
                || exact.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw new MalformedMessageException(name + " out of range");
        }
        return exact.longValueExact();
    }

    private JsonValue object(JsonParser parser, int depth, Notes notes) throws MalformedMessageException {
        if (depth > maxDepth) {
            throw new MalformedMessageException("nested deeper than " + maxDepth);
        }
        JsonObjectBuilder out = EngineJson.BUILDERS.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                return out.build();
            }
            String key = parser.getString();
            // Keys are compared with ASCII case folded: Qlik may read qDocName and qdocname as one parameter.
            if (!keys.add(Ascii.lowerCase(key))) {
                throw new MalformedMessageException("a duplicate key (ignoring case)");
            }
            if (Ascii.regionMatchesIgnoreCase(key, key.length() - LIST_DEF.length(), LIST_DEF)) {
                notes.listingKeys = true;
            }
            out.add(key, value(parser, parser.next(), depth, notes));
        }
    }

    private JsonValue array(JsonParser parser, int depth, Notes notes) throws MalformedMessageException {
        if (depth > maxDepth) {
            throw new MalformedMessageException("nested deeper than " + maxDepth);
        }
        JsonArrayBuilder out = EngineJson.BUILDERS.createArrayBuilder();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_ARRAY) {
                return out.build();
            }
            out.add(value(parser, event, depth, notes));
        }
    }

    private JsonValue value(JsonParser parser, JsonParser.Event event, int depth, Notes notes)
            throws MalformedMessageException {
        return switch (event) {
            case START_OBJECT -> object(parser, depth + 1, notes);
            case START_ARRAY -> array(parser, depth + 1, notes);
            case VALUE_STRING -> string(parser.getString(), notes);
            case VALUE_NUMBER -> EngineJson.PROVIDER.createValue(parser.getBigDecimal());
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new MalformedMessageException("unexpected JSON");
        };
    }
}
