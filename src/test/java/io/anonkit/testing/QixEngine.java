package io.anonkit.testing;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stand-in's engine: answers JSON-RPC requests the way Qlik's engine does where the kit and Qlik's clients care.
 * {@code OpenDoc} and {@code GetActiveDoc} give the app as a {@code Doc} handle; {@code GetObject},
 * {@code CreateSessionObject}, {@code GetField}, {@code GetDimension}, {@code GetMeasure}, {@code GetBookmark} and
 * {@code CreateChild} give new handles of their types; {@code GetLayout} gives a small layout with a hypercube and
 * {@code GetHyperCubeData} a data page; a request with {@code "delta": true} gets each object result as a JSON patch, as
 * the engine answers enigma.js. A session object created with properties ({@code qInfo} among them), as nebula.js and
 * {@code @qlik/api} create charts, belongs to the {@link QixDocument}: its layout, data pages and selections are computed
 * there, {@code GetAppLayout} gives the app's layout and locale, and a selection's answer lists the changed handles.
 * Any other method gets an empty result. Every request is recorded.
 */
public final class QixEngine {
    /** Looked up once: Json's static methods look the provider up on every call, which would dominate round trips. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    private static final jakarta.json.JsonReaderFactory READERS = JSON.createReaderFactory(java.util.Map.of());
    private static final jakarta.json.JsonBuilderFactory BUILDERS = JSON.createBuilderFactory(java.util.Map.of());
    /**
     * A request the engine received.
     *
     * @param handle the handle it was sent on
     * @param method the method
     * @param text   the message as received
     */
    public record Received(int handle, String method, String text) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile boolean holding;
    private volatile String padding = "";
    private volatile List<Integer> closing = List.of();
    private final AtomicInteger handles = new AtomicInteger(1);
    private final QixDocument document = new QixDocument(BUILDERS);

    /** Whether {@code text} is a JSON-RPC request this engine answers (an object with a numeric id). */
    static Optional<JsonObject> request(String text) {
        if (!text.startsWith("{")) {
            return Optional.empty();
        }
        try (var reader = READERS.createReader(new StringReader(text))) {
            JsonObject object = reader.readObject();
            return object.get("id") instanceof JsonNumber && object.get("method") instanceof JsonString
                    ? Optional.of(object)
                    : Optional.empty();
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The answer to {@code request}. */
    String answer(JsonObject request, String text) {
        String method = request.getString("method");
        int handle = request.get("handle") instanceof JsonNumber number ? number.intValue() : -1;
        received.add(new Received(handle, method, text));
        boolean delta = request.get("delta") == JsonValue.TRUE;
        JsonObjectBuilder result = BUILDERS.createObjectBuilder();
        boolean changed = false;
        if (document.owns(handle)
                || method.equals("CreateSessionObject")
                        && QixDocument.firstObject(request, "qProp")
                                .filter(properties -> properties.get("qInfo") instanceof JsonObject)
                                .isPresent()
                || method.equals("GetAppLayout")
                || method.equals("ClearAll")) {
            changed = documentAnswer(request, method, handle, delta, result);
        } else {
            switch (method) {
                case "OpenDoc", "GetActiveDoc" -> object(result, delta, "Doc", 1, firstString(request, "app"), "");
                case "GetObject", "CreateSessionObject", "CreateChild" ->
                    object(
                            result,
                            delta,
                            "GenericObject",
                            handles.incrementAndGet() + 1,
                            firstString(request, "object"),
                            "barchart");
                case "GetField" ->
                    object(result, delta, "Field", handles.incrementAndGet() + 1, firstString(request, "f"), "");
                case "GetDimension" ->
                    object(result, delta, "GenericDimension", handles.incrementAndGet() + 1, "d", "");
                case "GetMeasure" -> object(result, delta, "GenericMeasure", handles.incrementAndGet() + 1, "m", "");
                case "GetBookmark" ->
                    object(
                            result,
                            delta,
                            "GenericBookmark",
                            handles.incrementAndGet() + 1,
                            firstString(request, "b"),
                            "");
                case "GetLayout" ->
                    result.add(
                            "qLayout",
                            BUILDERS.createObjectBuilder()
                                    .add(
                                            "qInfo",
                                            BUILDERS.createObjectBuilder()
                                                    .add("qId", "chart-1")
                                                    .add("qType", "barchart"))
                                    .add(
                                            "qHyperCube",
                                            BUILDERS.createObjectBuilder()
                                                    .add(
                                                            "qSize",
                                                            BUILDERS.createObjectBuilder()
                                                                    .add("qcx", 2)
                                                                    .add("qcy", 3))));
                case "GetHyperCubeData" ->
                    result.add(
                            "qDataPages",
                            BUILDERS.createArrayBuilder()
                                    .add(BUILDERS.createObjectBuilder()
                                            .add(
                                                    "qMatrix",
                                                    BUILDERS.createArrayBuilder()
                                                            .add(BUILDERS.createArrayBuilder()
                                                                    .add(BUILDERS.createObjectBuilder()
                                                                            .add("qText", "Sweden"))
                                                                    .add(BUILDERS.createObjectBuilder()
                                                                            .add("qNum", 42))))));
                default -> {}
            }
        }
        JsonObjectBuilder answer =
                BUILDERS.createObjectBuilder().add("jsonrpc", "2.0").add("id", request.get("id"));
        if (changed) {
            answer.add("change", BUILDERS.createArrayBuilder(document.handles()));
        }
        if (!closing.isEmpty()) {
            // As the engine lists the handles it closed with the answer of the request that closed them.
            answer.add("close", BUILDERS.createArrayBuilder(closing));
            closing = List.of();
        }
        if (!padding.isEmpty()) {
            result.add("qPadding", padding);
            padding = "";
        }
        if (!delta) {
            return answer.add("result", result).build().toString();
        }
        // In delta mode every member of the result is a JSON patch of the client's last value; from none, an add of
        // "/".
        JsonObjectBuilder patches = BUILDERS.createObjectBuilder();
        result.build()
                .forEach((name, value) -> patches.add(
                        name,
                        value.getValueType() == JsonValue.ValueType.ARRAY && name.equals("qReturn")
                                ? value
                                : BUILDERS.createArrayBuilder()
                                        .add(BUILDERS.createObjectBuilder()
                                                .add("op", "add")
                                                .add("path", "/")
                                                .add("value", value))
                                        .build()));
        return answer.add("delta", true).add("result", patches).build().toString();
    }

    /** Answers a request of the chart clients from the document; whether it changed the session objects' layouts. */
    private boolean documentAnswer(
            JsonObject request, String method, int handle, boolean delta, JsonObjectBuilder result) {
        switch (method) {
            case "CreateSessionObject" -> {
                int created = handles.incrementAndGet() + 1;
                JsonObject properties =
                        QixDocument.firstObject(request, "qProp").orElseThrow();
                String id = document.create(created, properties);
                object(
                        result,
                        delta,
                        "GenericObject",
                        created,
                        id,
                        properties.getJsonObject("qInfo").getString("qType", ""));
            }
            case "GetLayout" -> result.add("qLayout", document.layout(handle));
            case "GetProperties", "GetEffectiveProperties" -> result.add("qProp", document.properties(handle));
            case "GetHyperCubeData" ->
                result.add(
                        "qDataPages",
                        document.dataPages(handle, param(request, 1, "qPages").asJsonArray()));
            case "SelectHyperCubeValues" -> {
                document.select(
                        param(request, 2, "qValues").asJsonArray(), param(request, 3, "qToggle") == JsonValue.TRUE);
                result.add("qSuccess", true);
                return true;
            }
            case "SelectHyperCubeCells" -> {
                document.selectRows(param(request, 1, "qRowIndices").asJsonArray());
                result.add("qSuccess", true);
                return true;
            }
            case "BeginSelections" -> document.beginSelections(handle);
            case "EndSelections" -> {
                document.endSelections(param(request, 0, "qAccept") == JsonValue.TRUE);
                return true;
            }
            case "GetAppLayout" -> result.add("qLayout", document.appLayout("a1"));
            case "ClearAll" -> {
                document.clearAll();
                return true;
            }
            default -> {}
        }
        return false;
    }

    private static JsonValue param(JsonObject request, int index, String name) {
        JsonValue params = request.get("params");
        if (params instanceof JsonArray array) {
            return index < array.size() ? array.get(index) : JsonValue.NULL;
        }
        return params instanceof JsonObject object && object.containsKey(name) ? object.get(name) : JsonValue.NULL;
    }

    /** The Country rows selected now in the chart clients' document, by element number. */
    public java.util.Set<Integer> selectedRows() {
        return document.selected();
    }

    private static void object(
            JsonObjectBuilder result, boolean delta, String type, int handle, String id, String genericType) {
        JsonObject value = BUILDERS.createObjectBuilder()
                .add("qType", type)
                .add("qHandle", handle)
                .add("qGenericType", genericType)
                .add("qGenericId", id)
                .build();
        if (delta) {
            result.add(
                    "qReturn",
                    BUILDERS.createArrayBuilder()
                            .add(BUILDERS.createObjectBuilder()
                                    .add("op", "add")
                                    .add("path", "/")
                                    .add("value", value)));
        } else {
            result.add("qReturn", value);
        }
    }

    private static String firstString(JsonObject request, String fallback) {
        JsonValue params = request.get("params");
        if (params instanceof JsonArray array && !array.isEmpty() && array.get(0) instanceof JsonString text) {
            return text.getString();
        }
        if (params instanceof JsonObject object) {
            for (JsonValue value : object.values()) {
                if (value instanceof JsonString text) {
                    return text.getString();
                }
            }
        }
        return fallback;
    }

    /**
     * Whether answers are held back: while held, requests are received and recorded but answered only when
     * {@link StandInWebSockets#releaseHeld} is called, so a test can send a request while another awaits its answer.
     */
    public boolean holding() {
        return holding;
    }

    /** Holds back answers from now on ({@code true}) or answers at once again. */
    public void hold(boolean hold) {
        holding = hold;
    }

    /**
     * Makes the next answer carry {@code chars} characters of padding in its result and, in its {@code close} list,
     * {@code closed}: an answer as large as a big data page that closes handles, as the engine's may.
     */
    public void padNextAnswer(int chars, List<Integer> closed) {
        padding = "x".repeat(chars);
        closing = List.copyOf(closed);
    }

    /** Every request received, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Forgets what was received. */
    public void clear() {
        received.clear();
        holding = false;
        document.clearAll();
    }
}
