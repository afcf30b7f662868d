package io.anonkit.engine;

import io.anonkit.settings.AccessSettings.Profile;
import io.anonkit.settings.EngineSettings.SharedSelections;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.Settings;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Judges one parsed request against the handles of its tunnel and the settings: the object's type comes from the
 * engine's own answers ({@link HandleTable}), the rule from {@link EngineMethods}, and the rule's condition from the
 * request and the settings. A pure decision: nothing is counted, sent or remembered here.
 */
final class EnginePolicy {
    /**
     * Why a request is refused, for the count and the log.
     *
     * @param pattern {@code Type.Method}, such as {@code Doc.GetScript}, or {@code (unknown handle).Method}
     * @param why     the rule or condition that refused it
     */
    record Refusal(String pattern, String why) {
    }

    private EnginePolicy() {
    }

    /**
     * Why {@code request} may not cross, or empty when it may.
     *
     * @param app        the app id of the tunnel's WebSocket URL
     * @param docOpened  whether the tunnel's app was opened already
     */
    static Optional<Refusal> check(Settings settings, String app, boolean docOpened, EngineRequest request,
            HandleTable handles) {
        Optional<HandleTable.Handle> handle = handles.handle(request.handle());
        if (handle.isEmpty()) {
            return Optional.of(new Refusal("(unknown handle)." + request.method(), "a handle the engine did not give"));
        }
        String type = handle.get().type();
        String pattern = type + "." + request.method();
        Optional<MethodRule> found = EngineMethods.rule(type, request.method());
        if (found.isEmpty()) {
            return Optional.of(new Refusal(pattern, "no rule"));
        }
        MethodRule rule = found.get();
        Profile profile = settings.access().profile();
        boolean allowed = rule.allowedInEmbed() || (rule == MethodRule.CLASSIC && profile == Profile.CLASSIC);
        if (!allowed) {
            return Optional.of(new Refusal(pattern, rule.text()));
        }
        return switch (rule) {
            case OPEN_OWN_APP -> openOwnApp(app, docOpened, request, pattern);
            case SELECT -> settings.sessions().selectionScope() == SelectionScope.SHARED
                    && settings.engine().sharedSelections() == SharedSelections.REFUSE
                    ? Optional.of(new Refusal(pattern, "selecting in the shared selection scope")) : Optional.empty();
            case SESSION_OBJECT -> handle.get().createdHere() ? Optional.empty()
                    : Optional.of(new Refusal(pattern, "changing an object of the app"));
            case SOFT_PATCH -> request.param(1, "qSoftPatch").filter(v -> v == JsonValue.TRUE).isPresent()
                    ? Optional.empty() : Optional.of(new Refusal(pattern, "a persistent patch"));
            case LISTED_BOOKMARK -> listedBookmark(settings, type, handle.get(), request, pattern);
            default -> Optional.empty();
        };
    }

    private static Optional<Refusal> openOwnApp(String app, boolean docOpened, EngineRequest request, String pattern) {
        if (docOpened) {
            return Optional.of(new Refusal(pattern, "a second app"));
        }
        boolean own = request.param(0, "qDocName").filter(v -> v instanceof JsonString name
                && name.getString().equals(app)).isPresent();
        boolean noCredentials = blank(request.param(1, "qUserName")) && blank(request.param(2, "qPassword"));
        return own && noCredentials ? Optional.empty() : Optional.of(new Refusal(pattern, "another app"));
    }

    private static boolean blank(Optional<JsonValue> value) {
        return value.isEmpty() || value.get() == JsonValue.NULL
                || (value.get() instanceof JsonString text && text.getString().isEmpty());
    }

    private static Optional<Refusal> listedBookmark(Settings settings, String type, HandleTable.Handle handle,
            EngineRequest request, String pattern) {
        String bookmark = type.equals("GenericBookmark") ? handle.genericId()
                : request.param(0, "qId").filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).getString())
                        .orElse("");
        return settings.engine().allowedBookmarks().contains(bookmark) ? Optional.empty()
                : Optional.of(new Refusal(pattern, "a bookmark the site does not list"));
    }
}
