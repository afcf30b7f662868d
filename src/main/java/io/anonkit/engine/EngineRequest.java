package io.anonkit.engine;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON-RPC request of a visitor to the engine, as the kit parsed it. What goes to Qlik is {@link #toJson()}, made
 * from these fields, never the visitor's bytes: Qlik reads exactly what the kit judged.
 *
 * @param id     the request id, echoed by the answer
 * @param handle the handle of the object the method is called on ({@code -1} is the global object)
 * @param method the method name as sent, such as {@code GetLayout}
 * @param params the parameters: an array (by position) or an object (by name); empty array when absent
 * @param flags  the other members the clients send, {@code jsonrpc}, {@code delta} and {@code return_empty}, as sent
 * @param callLike the strings of {@code params}, at any depth, that have a {@code (} or a {@code $}: the only ones an
 *                 expression could call or expand anything in ({@link ExpressionGuard})
 * @param listingKeys whether a key of {@code params}, at any depth, ends with {@code ListDef} in any case
 *                    ({@link ListingDefinitions})
 */
record EngineRequest(
        long id,
        int handle,
        String method,
        JsonValue params,
        Map<String, JsonValue> flags,
        java.util.List<String> callLike,
        boolean listingKeys) {
    /** The request's members that the kit knows; any other member makes the message malformed. */
    static final java.util.Set<String> MEMBERS =
            java.util.Set.of("jsonrpc", "id", "handle", "method", "params", "delta", "return_empty");

    /** The parameter at {@code position}, or named {@code name}, if the visitor sent it. */
    Optional<JsonValue> param(int position, String name) {
        if (params instanceof JsonArray array) {
            return position < array.size() ? Optional.of(array.get(position)) : Optional.empty();
        }
        if (params instanceof JsonObject object) {
            return Optional.ofNullable(object.get(name));
        }
        return Optional.empty();
    }

    /** The text Qlik receives. */
    String toJson() {
        JsonObjectBuilder out = EngineJson.BUILDERS.createObjectBuilder();
        JsonValue version = flags.get("jsonrpc");
        if (version != null) {
            out.add("jsonrpc", version);
        }
        out.add("id", id).add("handle", handle).add("method", method).add("params", params);
        flags.forEach((name, value) -> {
            if (!name.equals("jsonrpc")) {
                out.add(name, value);
            }
        });
        return out.build().toString();
    }
}
