package io.anonkit.faces;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** Decides the attributes of the helper elements: initial selections, their fields, and the app-open action. */
final class HelperAttributes {
    private static final Pattern GLOBAL_FUNCTION = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,99}");

    private HelperAttributes() {}

    /** {@code app-id} and {@code identity} with their defaults; the app id is required. */
    static Map<String, String> app(
            String element,
            Object appId,
            Object identity,
            Optional<String> defaultAppId,
            Optional<String> defaultIdentity)
            throws InvalidAttributeException {
        Map<String, String> out = new LinkedHashMap<>();
        String app = text(appId)
                .or(() -> defaultAppId)
                .orElseThrow(() -> new InvalidAttributeException(
                        element + " needs appId: set it on the tag, or the default app id, " + SettingNames.APP_ID));
        out.put("app-id", app);
        if (identity == null) {
            defaultIdentity.ifPresent(value -> out.put("identity", value));
        } else {
            text(identity).ifPresent(value -> out.put("identity", value));
        }
        return out;
    }

    static Map<String, String> initialSelections(
            Object appId,
            Object identity,
            Object clearAll,
            Object bookmarkId,
            Optional<String> defaultAppId,
            Optional<String> defaultIdentity)
            throws InvalidAttributeException {
        Map<String, String> out = app("qlik-initial-selections", appId, identity, defaultAppId, defaultIdentity);
        if (clearAll != null && EmbedAttributes.bool("clearAll", clearAll).equals("true")) {
            out.put("clear-all", "true");
        }
        text(bookmarkId).ifPresent(value -> out.put("bookmark-id", value));
        return out;
    }

    static Map<String, String> appOpenAction(
            Object appId,
            Object identity,
            Object callback,
            Optional<String> defaultAppId,
            Optional<String> defaultIdentity)
            throws InvalidAttributeException {
        Map<String, String> out = app("qlik-app-open-action", appId, identity, defaultAppId, defaultIdentity);
        String name = text(callback)
                .orElseThrow(() -> new InvalidAttributeException(
                        "qlik-app-open-action needs callback: the name of a global JavaScript function"));
        if (!GLOBAL_FUNCTION.matcher(name).matches()) {
            throw new InvalidAttributeException("callback " + AuthorErrors.quote(name) + " is not the name of a global"
                    + " function; expected a JavaScript identifier such as onQlikAppOpen");
        }
        out.put("callback", name);
        return out;
    }

    /** The {@code <field>} attributes; the values become one {@code values} attribute separated by ';'. */
    static Map<String, String> field(Object name, Object state, Object match, Object values)
            throws InvalidAttributeException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(
                "name",
                text(name)
                        .orElseThrow(
                                () -> new InvalidAttributeException("selectField needs name: the field to select in")));
        text(state).ifPresent(value -> out.put("state", value));
        text(match).ifPresent(value -> out.put("match", value));
        List<String> list = values(values);
        if (list.isEmpty() && !out.containsKey("match")) {
            throw new InvalidAttributeException(
                    "selectField " + AuthorErrors.quote(out.get("name")) + " needs values or match");
        }
        for (String value : list) {
            if (value.contains(";")) {
                throw new InvalidAttributeException("selectField value " + AuthorErrors.quote(value) + " contains ';',"
                        + " which the loader reads as a separator; select it with match instead");
            }
        }
        if (!list.isEmpty()) {
            out.put("values", String.join(";", list));
        }
        return out;
    }

    private static List<String> values(Object values) {
        if (values == null) {
            return List.of();
        }
        if (values instanceof Collection<?> || values instanceof Iterable<?>) {
            return StreamSupport.stream(((Iterable<?>) values).spliterator(), false)
                    .map(String::valueOf)
                    .toList();
        }
        if (values instanceof Object[] array) {
            return java.util.Arrays.stream(array).map(String::valueOf).toList();
        }
        String text = values.toString();
        return text.isBlank()
                ? List.of()
                : java.util.Arrays.stream(text.split(";"))
                        .map(String::trim)
                        .filter(value -> !value.isEmpty())
                        .toList();
    }

    private static Optional<String> text(Object value) {
        return value == null || value.toString().trim().isEmpty()
                ? Optional.empty()
                : Optional.of(value.toString().trim());
    }
}
