package io.anonkit.engine;

import io.anonkit.http.Ascii;
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
 * request and the settings; then what the request carries: listing definitions ({@link ListingDefinitions}) and
 * expressions ({@link ExpressionGuard}). A pure decision: nothing is counted, sent or remembered here.
 */
final class EnginePolicy {
    /**
     * Why a request is refused, for the count and the log.
     *
     * @param pattern {@code Type.Method}, such as {@code Doc.GetScript}, or {@code (unknown handle).Method}
     * @param why     the rule or condition that refused it
     * @param explain whether the visitor's answer says {@code why}: where the refusal is about what the request
     *                carries (an expression, a listing), so that a page author can tell what to change
     */
    record Refusal(String pattern, String why, boolean explain) {
        Refusal(String pattern, String why) {
            this(pattern, why, false);
        }
    }

    private EnginePolicy() {}

    /** The parameters {@code OpenDoc} has, in order; none but the first may carry a value. */
    private static final java.util.List<String> OPEN_DOC_PARAMETERS =
            java.util.List.of("qDocName", "qUserName", "qPassword", "qSerial", "qNoData");
    /** Methods whose parameters carry object properties, which may hold listing definitions. */
    private static final String[] WITH_PROPERTIES = {
        "CreateSessionObject", "CreateChild", "SetProperties", "SetFullPropertyTree", "ApplyPatches"
    };

    /**
     * Why {@code request} may not cross, or empty when it may.
     *
     * @param tunnel     the tunnel's app and whether it holds the app's shared engine session
     * @param docOpened  whether the tunnel's app was opened already
     */
    static Optional<Refusal> check(
            Settings settings,
            EngineTunnel tunnel,
            boolean docOpened,
            EngineRequest request,
            HandleTable handles,
            ExpressionGuard expressions) {
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
        Optional<Refusal> condition = switch (rule) {
            case OPEN_OWN_APP -> openOwnApp(tunnel.app(), docOpened, request, pattern);
            case SELECT, SESSION_STATE ->
                readOnly(settings, tunnel)
                        ? Optional.of(new Refusal(pattern, "changing the shared engine session"))
                        : Optional.empty();
            case SESSION_OBJECT ->
                handle.get().createdHere()
                        ? Optional.empty()
                        : Optional.of(new Refusal(pattern, "changing an object of the app"));
            case SOFT_PATCH -> softPatch(settings, tunnel, request, pattern);
            case LISTED_BOOKMARK -> listedBookmark(settings, type, handle.get(), request, pattern);
            default -> Optional.empty();
        };
        if (condition.isPresent()) {
            return condition;
        }
        if (Ascii.equalsIgnoreCase(request.method(), "CreateSessionVariable") && computedVariable(request)) {
            return Optional.of(new Refusal(
                    pattern + " [" + ExpressionGuard.COMPUTED + "]",
                    "a session variable whose"
                            + " definition starts with '=' has a computed value, which $(...) turns into expression text",
                    true));
        }
        // A soft patch names its listing in a string (qPath), not a key: patches are read whatever the keys were.
        if (carriesProperties(request.method())
                && (request.listingKeys() || Ascii.equalsIgnoreCase(request.method(), "ApplyPatches"))) {
            Optional<String> listing = ListingDefinitions.problem(profile, request);
            if (listing.isPresent()) {
                return Optional.of(new Refusal(pattern + " [listing]", listing.get(), true));
            }
        }
        return expressions
                .check(request)
                .map(finding -> new Refusal(
                        pattern + " [" + finding.kind()
                                + (finding.kind().equals(ExpressionGuard.SYSTEM) ? " " + finding.function() : "") + "]",
                        finding.text(),
                        true));
    }

    private static boolean carriesProperties(String method) {
        for (String carrier : WITH_PROPERTIES) {
            if (Ascii.equalsIgnoreCase(carrier, method)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the tunnel's engine session is shared and the site does not let visitors change it together. */
    private static boolean readOnly(Settings settings, EngineTunnel tunnel) {
        boolean together = settings.sessions().selectionScope() == SelectionScope.SHARED
                && settings.engine().sharedSelections() == SharedSelections.ALLOW;
        return tunnel.sharedSession() && !together;
    }

    private static Optional<Refusal> softPatch(
            Settings settings, EngineTunnel tunnel, EngineRequest request, String pattern) {
        if (request.param(1, "qSoftPatch").filter(v -> v == JsonValue.TRUE).isEmpty()) {
            return Optional.of(new Refusal(pattern, "a persistent patch"));
        }
        return readOnly(settings, tunnel)
                ? Optional.of(new Refusal(pattern, "changing the shared engine session"))
                : Optional.empty();
    }

    private static boolean computedVariable(EngineRequest request) {
        return request.param(0, "qProp")
                .filter(v -> v instanceof jakarta.json.JsonObject properties
                        && properties.get("qDefinition") instanceof JsonString definition
                        && definition.getString().strip().startsWith("="))
                .isPresent();
    }

    /**
     * {@code OpenDoc} crosses once, for the tunnel's app, with nothing else: no user name, password or serial, and no
     * {@code qNoData} (an app opened without data is how an author edits its script), by position or by name.
     */
    private static Optional<Refusal> openOwnApp(String app, boolean docOpened, EngineRequest request, String pattern) {
        if (docOpened) {
            return Optional.of(new Refusal(pattern, "a second app"));
        }
        boolean own = request.param(0, "qDocName")
                .filter(v -> v instanceof JsonString name && name.getString().equals(app))
                .isPresent();
        if (!own) {
            return Optional.of(new Refusal(pattern, "another app"));
        }
        JsonValue params = request.params();
        if (params instanceof jakarta.json.JsonArray array && array.size() > OPEN_DOC_PARAMETERS.size()
                || params instanceof jakarta.json.JsonObject object
                        && !OPEN_DOC_PARAMETERS.containsAll(object.keySet())) {
            return Optional.of(new Refusal(pattern, "parameters OpenDoc does not have"));
        }
        boolean nothingElse = blank(request.param(1, "qUserName"))
                && blank(request.param(2, "qPassword"))
                && blank(request.param(3, "qSerial"))
                && request.param(4, "qNoData")
                        .filter(v -> v != JsonValue.FALSE && v != JsonValue.NULL)
                        .isEmpty();
        return nothingElse
                ? Optional.empty()
                : Optional.of(new Refusal(pattern, "a user, password, serial or qNoData"));
    }

    private static boolean blank(Optional<JsonValue> value) {
        return value.isEmpty()
                || value.get() == JsonValue.NULL
                || (value.get() instanceof JsonString text && text.getString().isEmpty());
    }

    private static Optional<Refusal> listedBookmark(
            Settings settings, String type, HandleTable.Handle handle, EngineRequest request, String pattern) {
        String bookmark = type.equals("GenericBookmark")
                ? handle.genericId()
                : request.param(0, "qId")
                        .filter(v -> v instanceof JsonString)
                        .map(v -> ((JsonString) v).getString())
                        .orElse("");
        return settings.engine().allowedBookmarks().contains(bookmark)
                ? Optional.empty()
                : Optional.of(new Refusal(pattern, "a bookmark the site does not list"));
    }
}
