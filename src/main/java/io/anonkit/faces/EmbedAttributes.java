package io.anonkit.faces;

import io.anonkit.faces.QlikEmbed.PropertyKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the attributes of one {@code <qlik-embed>} element from what the author set and the defaults: which UI, the
 * required attributes per UI, JSON normalised, theme and language folded into {@code context} for analytics UIs, and
 * the default app and engine identity. Knows nothing of Faces, so every rule is tested directly.
 */
final class EmbedAttributes {
    private EmbedAttributes() {}

    /**
     * The element's attributes in order, as HTML name to text.
     *
     * @param authored    the declared attributes the author set (null values are unset)
     * @param passThrough the pass-through attributes in the author's order
     * @param appId       the default app id
     * @param identity    the default engine identity
     * @param defaultHost the host the script tag points at, to tell Qlik Cloud from client-managed
     * @throws InvalidAttributeException for anything the author must fix
     */
    static Map<String, String> resolve(
            Map<PropertyKeys, Object> authored,
            Map<String, Object> passThrough,
            Optional<String> appId,
            Optional<String> identity,
            Optional<String> defaultHost)
            throws InvalidAttributeException {
        Map<PropertyKeys, Object> set = new EnumMap<>(PropertyKeys.class);
        authored.forEach((key, value) -> {
            if (value != null && !(value instanceof String text && text.isEmpty())) {
                set.put(key, value instanceof String text ? text.trim() : value);
            }
        });
        Object uiText = set.get(PropertyKeys.ui);
        if (uiText == null) {
            throw new InvalidAttributeException("ui is required; expected one of " + EmbedUi.clientManaged());
        }
        EmbedUi ui = EmbedUi.parse(uiText.toString())
                .orElseThrow(() -> new InvalidAttributeException("ui " + AuthorErrors.quote(uiText)
                        + " is not a qlik-embed UI; expected one of " + EmbedUi.clientManaged()));
        String host =
                set.containsKey(PropertyKeys.host) ? set.get(PropertyKeys.host).toString() : defaultHost.orElse("");
        if (ui.cloudOnly() && !QlikHosts.isCloud(host)) {
            throw new InvalidAttributeException("ui '" + ui.value() + "' exists only in Qlik Cloud; a client-managed"
                    + " Qlik Sense server cannot render it (use one of " + EmbedUi.clientManaged() + ")");
        }
        for (PropertyKeys key : set.keySet()) {
            if (!ui.takes(key)) {
                throw new InvalidAttributeException("attribute " + key + " does not apply to ui '" + ui.value() + "'");
            }
        }
        if (!set.containsKey(PropertyKeys.appId) && appId.isPresent() && !ui.cloudOnly()) {
            set.put(PropertyKeys.appId, appId.get());
        }
        ui.checkRequired(set);

        Map<String, String> out = new LinkedHashMap<>();
        out.put("ui", ui.value());
        JsonObject context = context(ui, set);
        for (PropertyKeys key : PropertyKeys.values()) {
            Object value = set.get(key);
            if (key == PropertyKeys.ui
                    || key == PropertyKeys.context
                    || value == null
                    || (ui.themeInContext() && (key == PropertyKeys.theme || key == PropertyKeys.language))) {
                continue;
            }
            write(out, key, value);
        }
        if (context != null) {
            out.put(PropertyKeys.context.html() + "___json", context.toString());
        }
        if (!authored.containsKey(PropertyKeys.identity) || authored.get(PropertyKeys.identity) == null) {
            identity.ifPresent(value -> out.put(PropertyKeys.identity.html(), value));
        }
        for (Map.Entry<String, Object> entry : passThrough.entrySet()) {
            passThrough(out, entry.getKey(), entry.getValue());
        }
        return out;
    }

    private static JsonObject context(EmbedUi ui, Map<PropertyKeys, Object> set) throws InvalidAttributeException {
        JsonObject authored = null;
        if (set.containsKey(PropertyKeys.context)) {
            authored = JsonAttribute.parse("context", set.get(PropertyKeys.context), JsonAttribute.Shape.OBJECT)
                    .asJsonObject();
        }
        boolean fold =
                ui.themeInContext() && (set.containsKey(PropertyKeys.theme) || set.containsKey(PropertyKeys.language));
        if (!fold) {
            return authored;
        }
        JsonObjectBuilder context = authored == null ? Json.createObjectBuilder() : Json.createObjectBuilder(authored);
        if (set.containsKey(PropertyKeys.theme)) {
            context.add("theme", set.get(PropertyKeys.theme).toString());
        }
        if (set.containsKey(PropertyKeys.language)) {
            context.add("language", set.get(PropertyKeys.language).toString());
        }
        return context.build();
    }

    private static void write(Map<String, String> out, PropertyKeys key, Object value)
            throws InvalidAttributeException {
        switch (key.kind()) {
            case TEXT -> out.put(key.html(), value.toString());
            case BOOLEAN -> out.put(key.html(), bool(key.name(), value));
            case JSON_ARRAY ->
                out.put(key.html() + "___json", JsonAttribute.normalise(key.name(), value, JsonAttribute.Shape.ARRAY));
            case JSON_OBJECT ->
                out.put(key.html() + "___json", JsonAttribute.normalise(key.name(), value, JsonAttribute.Shape.OBJECT));
        }
    }

    static String bool(String attribute, Object value) throws InvalidAttributeException {
        if (value instanceof Boolean flag) {
            return flag.toString();
        }
        String text = value.toString().trim();
        if (text.equals("true") || text.equals("false")) {
            return text;
        }
        throw new InvalidAttributeException(
                "attribute " + attribute + " must be true or false, not " + AuthorErrors.quote(value));
    }

    /** Adds a {@code data-*} or typed attribute, checking typed values. */
    static void passThrough(Map<String, String> out, String name, Object value) throws InvalidAttributeException {
        if (!PassThroughName.isValid(name)) {
            throw new InvalidAttributeException("attribute " + AuthorErrors.quote(name) + " is not allowed; expected a"
                    + " declared attribute, data-* or a typed name such as options___json");
        }
        if (value == null) {
            return;
        }
        String base = PassThroughName.base(name);
        if (!PassThroughName.type(name).isEmpty() && (out.containsKey(base) || out.containsKey(base + "___json"))) {
            throw new InvalidAttributeException("attribute " + name + " sets " + base + " a second time; set it once");
        }
        String text = switch (PassThroughName.type(name)) {
            case "json" -> JsonAttribute.normalise(name, value, JsonAttribute.Shape.ANY);
            case "boolean" -> bool(name, value);
            case "number" -> number(name, value);
            default -> value.toString();
        };
        out.put(name, text);
    }

    private static String number(String attribute, Object value) throws InvalidAttributeException {
        if (value instanceof Number number) {
            return number.toString();
        }
        String text = value.toString().trim();
        if (text.matches("-?(?:0|[1-9][0-9]{0,15})(?:\\.[0-9]{1,15})?")) {
            return text;
        }
        throw new InvalidAttributeException(
                "attribute " + attribute + " must be a number such as 42 or 0.5, not " + AuthorErrors.quote(value));
    }
}
