package io.anonkit.engine;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one tunnel's engine session holds, as the engine's own answers say: each handle's object type, generic id and
 * whether the visitor created it in this tunnel (a session object). The global object is handle {@code -1}. Answers
 * are matched to the requests they answer by id, through a pending entry made when the request was forwarded and never
 * replaced: a request whose id is still awaiting its answer must not be forwarded at all ({@link #awaiting}), or the
 * engine's answer to one request would be read as the answer to another. {@code qReturn} is read plainly or, in delta
 * mode, by applying its JSON patches to the last value of the same handle and method (the same request kind), as Qlik's
 * clients do; handles in a {@code close} list are forgotten. The engine's messages are relayed untouched; this only
 * reads them.
 */
final class HandleTable {
    /** A handle the kit knows. */
    record Handle(String type, String genericId, boolean createdHere) {}

    /** A request forwarded and not answered yet. */
    record Pending(int handle, String method) {}

    /** Most handles one tunnel may know; the engine's own limit is far lower in practice. */
    static final int MAX_HANDLES = 100_000;
    /** Methods whose object the visitor creates, and may then change. */
    private static final Set<String> CREATING = Set.of("createsessionobject", "createchild", "createsessionvariable");

    private final Map<Integer, Handle> handles = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<String, JsonObject> deltaState = new HashMap<>();

    HandleTable() {
        handles.put(-1, new Handle("Global", "", false));
    }

    /** The handle, if the engine gave it out in this tunnel and has not closed it. */
    synchronized Optional<Handle> handle(int handle) {
        return Optional.ofNullable(handles.get(handle));
    }

    /** Whether a request with {@code id} was forwarded and its answer has not come yet. */
    synchronized boolean awaiting(long id) {
        return pending.containsKey(id);
    }

    /**
     * Notes a request forwarded to the engine, to read its answer.
     *
     * @throws IllegalStateException when a request with the same id is still awaiting its answer
     */
    synchronized void forwarded(EngineRequest request) {
        if (pending.putIfAbsent(request.id(), new Pending(request.handle(), request.method())) != null) {
            throw new IllegalStateException("request id " + request.id() + " is still awaiting its answer");
        }
    }

    /**
     * Reads what could be read of an engine message too long to parse whole: its {@code id} and its {@code close}
     * list. The request it answers is no longer pending, and its method's delta value on that handle is forgotten, so a
     * later delta answer of the same kind cannot be patched onto a stale value (it then registers nothing).
     */
    synchronized void skimmed(java.util.OptionalLong id, java.util.List<Integer> closed) {
        if (id.isPresent()) {
            Pending request = pending.remove(id.getAsLong());
            if (request != null) {
                deltaState.remove(deltaKey(request));
            }
        }
        closed.forEach(this::close);
    }

    /** Requests forwarded and not answered yet. */
    synchronized int pending() {
        return pending.size();
    }

    /** Reads one message of the engine; anything it cannot read is left alone (the message is relayed anyway). */
    void read(String message) {
        if (!message.contains("\"qReturn\"") && !message.contains("\"close\"") && !message.contains("\"id\"")) {
            return;
        }
        JsonObject object;
        try (JsonReader reader = EngineJson.READERS.createReader(new StringReader(message))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject parsed)) {
                return;
            }
            object = parsed;
        } catch (JsonException | IllegalStateException e) {
            return;
        }
        synchronized (this) {
            if (object.get("id") instanceof JsonNumber id && id.isIntegral()) {
                Pending request = pending.remove(id.longValue());
                if (request != null
                        && object.get("result") instanceof JsonObject result
                        && result.containsKey("qReturn")) {
                    boolean delta = object.get("delta") == JsonValue.TRUE;
                    qReturn(request, result.get("qReturn"), delta).ifPresent(r -> register(request, r));
                }
            }
            if (object.get("close") instanceof JsonArray closed) {
                for (JsonValue handle : closed) {
                    if (handle instanceof JsonNumber number && number.isIntegral()) {
                        close(number.intValue());
                    }
                }
            }
        }
    }

    private void close(int handle) {
        if (handle != -1) {
            handles.remove(handle);
            String prefix = handle + ":";
            deltaState.keySet().removeIf(key -> key.startsWith(prefix));
        }
    }

    private static String deltaKey(Pending request) {
        return request.handle() + ":" + io.anonkit.http.Ascii.lowerCase(request.method());
    }

    private Optional<JsonObject> qReturn(Pending request, JsonValue value, boolean delta) {
        String key = deltaKey(request);
        JsonObject current;
        if (!delta) {
            current = value instanceof JsonObject object ? object : null;
        } else if (value instanceof JsonArray patches) {
            current = patch(deltaState.get(key), patches);
        } else {
            current = null;
        }
        if (current == null) {
            return Optional.empty();
        }
        // Only delta answers make the value a later delta answer patches, as in the engine and in enigma.js.
        if (delta && deltaState.size() < MAX_HANDLES) {
            deltaState.put(key, current);
        }
        return Optional.of(current);
    }

    /** {@code base} with RFC 6902 operations on the whole value ({@code /}) or its top-level members applied. */
    private static JsonObject patch(JsonObject base, JsonArray patches) {
        JsonObject current = base;
        for (JsonValue value : patches) {
            if (!(value instanceof JsonObject op)
                    || !(op.get("op") instanceof JsonString name)
                    || !(op.get("path") instanceof JsonString path)) {
                return null;
            }
            String member = path.getString();
            switch (name.getString()) {
                case "add", "replace" -> {
                    JsonValue replacement = op.get("value");
                    if (member.equals("/")) {
                        current = replacement instanceof JsonObject object ? object : null;
                    } else if (current != null && member.indexOf('/', 1) < 0 && replacement != null) {
                        JsonObjectBuilder builder = EngineJson.BUILDERS.createObjectBuilder(current);
                        builder.add(member.substring(1), replacement);
                        current = builder.build();
                    }
                }
                case "remove" -> {
                    if (current != null && member.indexOf('/', 1) < 0 && !member.equals("/")) {
                        current = EngineJson.BUILDERS
                                .createObjectBuilder(current)
                                .remove(member.substring(1))
                                .build();
                    }
                }
                default -> {
                    // Other operations (move, copy, test) do not change qType or qHandle in the clients' state.
                }
            }
        }
        return current;
    }

    private void register(Pending request, JsonObject qReturn) {
        if (!(qReturn.get("qHandle") instanceof JsonNumber handle)
                || !handle.isIntegral()
                || !(qReturn.get("qType") instanceof JsonString type)
                || handles.size() >= MAX_HANDLES) {
            return;
        }
        String genericId = qReturn.get("qGenericId") instanceof JsonString id ? id.getString() : "";
        boolean created = CREATING.contains(io.anonkit.http.Ascii.lowerCase(request.method()));
        Handle previous = handles.get(handle.intValue());
        handles.put(
                handle.intValue(),
                new Handle(
                        type.getString(),
                        genericId,
                        created
                                || (previous != null
                                        && previous.createdHere()
                                        && previous.type().equals(type.getString()))));
    }
}
