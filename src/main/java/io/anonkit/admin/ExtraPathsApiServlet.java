package io.anonkit.admin;

import io.anonkit.http.JsonResponse;
import io.anonkit.log.SafeText;
import io.anonkit.settings.ConcurrentChangeException;
import io.anonkit.settings.InvalidSettingsException;
import io.anonkit.settings.PathRule;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/api/access/extra-paths}: one path pattern at a time into or out of the extra paths, so that what the
 * access list shows can be adopted in one step and undone in one step.
 *
 * <ul>
 *   <li>{@code POST {"path": "/extensions/my-chart/**", "method": "GET"}} adds the pattern ({@code method}, the method
 *       the list showed, is optional; extra paths open {@code GET} and {@code HEAD} only, so any other is refused).
 *       The pattern goes through the same validation as a typed value of {@code extraPaths} (never below
 *       {@code /qrs}, {@code /qmc}, {@code /qps}, the hubs or the REST APIs). Answers
 *       {@code 200 {"added": true, "path": ..., "extraPaths": [...]}}, or {@code "added": false} with
 *       {@code "coveredBy"} when a pattern in force already covers it; invalid: {@code 400 {"errors": {...}}}.</li>
 *   <li>{@code DELETE {"path": ...}} removes exactly that pattern (the undo): {@code 200 {"removed": true, ...}}, or
 *       {@code 404} when it is not an extra path.</li>
 * </ul>
 * Each change is saved, audited (who, from where, the field before and after) and in force for the next request, as
 * a change of the whole document would be.
 */
public class ExtraPathsApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_BYTES = 4096;
    /** Saves retried when another admin or node saved in between: adding or removing one pattern commutes with it. */
    private static final int ATTEMPTS = 3;

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    private static final Logger LOG = System.getLogger(ExtraPathsApiServlet.class.getName());

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponse.send(
                response,
                200,
                Json.createObjectBuilder()
                        .add("extraPaths", texts(store().current().access().extraPaths()))
                        .build());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<JsonObject> body = body(request, response);
        if (body.isEmpty()) {
            return;
        }
        JsonValue method = body.get().get("method");
        if (method != null && !(method instanceof JsonString text && READ_METHODS.contains(text.getString()))) {
            JsonResponse.fieldErrors(
                    response,
                    Map.of(
                            "method",
                            "extra paths open GET and HEAD only, so a "
                                    + SafeText.quote(method.toString())
                                    + " request to this path stays refused; adopt what visitors read,"
                                    + " never what they write"));
            return;
        }
        Optional<PathRule> rule = rule(body.get(), response);
        if (rule.isPresent()) {
            edit(request, response, "added", rule.get(), rules -> {
                Optional<PathRule> covering = rules.stream()
                        .filter(existing -> covers(existing, rule.get()))
                        .findFirst();
                if (covering.isPresent()) {
                    JsonResponse.send(
                            response,
                            200,
                            Json.createObjectBuilder()
                                    .add("added", false)
                                    .add("path", rule.get().text())
                                    .add("coveredBy", covering.get().text())
                                    .add("extraPaths", texts(rules))
                                    .build());
                    return Optional.empty();
                }
                List<PathRule> next = new ArrayList<>(rules);
                next.add(rule.get());
                return Optional.of(next);
            });
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<JsonObject> body = body(request, response);
        Optional<PathRule> rule = body.isEmpty() ? Optional.empty() : rule(body.get(), response);
        if (rule.isPresent()) {
            edit(request, response, "removed", rule.get(), rules -> {
                List<PathRule> next = new ArrayList<>(rules);
                if (!next.remove(rule.get())) {
                    JsonResponse.error(
                            response, 404, "Not found: " + rule.get().text() + " is not one of the extra paths");
                    return Optional.empty();
                }
                return Optional.of(next);
            });
        }
    }

    /** One change of the extra paths: those to save, or empty after it answered that there is nothing to save. */
    @FunctionalInterface
    private interface Edit {
        Optional<List<PathRule>> apply(List<PathRule> current) throws IOException;
    }

    /**
     * Applies {@code edit} to the extra paths in force and saves the result, again on the newer settings when another
     * change came first; answers {@code {"<what>": true, "path": ..., "extraPaths": [...]}}.
     */
    private void edit(HttpServletRequest request, HttpServletResponse response, String what, PathRule rule, Edit edit)
            throws IOException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Settings basis = store().current();
            Optional<List<PathRule>> next = edit.apply(basis.access().extraPaths());
            if (next.isEmpty()) {
                return;
            }
            Saved saved = save(request, response, basis, next.get(), what);
            if (saved == Saved.YES) {
                JsonResponse.send(
                        response,
                        200,
                        Json.createObjectBuilder()
                                .add(what, true)
                                .add("path", rule.text())
                                .add("extraPaths", texts(next.get()))
                                .build());
            }
            if (saved != Saved.CONFLICT) {
                return;
            }
        }
        JsonResponse.error(
                response, 409, "Conflict: the settings kept changing while this change was saved; try again");
    }

    /** The JSON object of the request, or empty after answering why it cannot be read. */
    private static Optional<JsonObject> body(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] bytes = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            JsonResponse.refuseUnread(response, 413, "Payload too large: at most " + MAX_BODY_BYTES + " bytes");
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            JsonResponse.fieldErrors(
                    response,
                    Map.of(
                            "document",
                            "the body is not a JSON object (" + SafeText.quote(e.getMessage())
                                    + "); expected {\"path\": \"/extensions/my-chart/**\"}"));
            return Optional.empty();
        }
    }

    /**
     * The {@code path} of {@code body} read as a typed value of the extra paths would be, or empty after answering
     * the field's error.
     */
    private Optional<PathRule> rule(JsonObject body, HttpServletResponse response) throws IOException {
        if (!(body.get("path") instanceof JsonString path) || path.getString().isBlank()) {
            JsonResponse.fieldErrors(
                    response,
                    Map.of("path", "expected one path pattern as a string, such as" + " /extensions/my-chart/**"));
            return Optional.empty();
        }
        if (path.getString().contains(",")) {
            JsonResponse.fieldErrors(response, Map.of("path", "one path pattern at a time, without commas"));
            return Optional.empty();
        }
        Map<SettingKey, String> values =
                new java.util.EnumMap<>(store().current().values());
        values.put(SettingKey.EXTRA_PATHS, path.getString());
        try {
            return Optional.of(
                    SettingsParser.parse(values::get).access().extraPaths().get(0));
        } catch (InvalidSettingsException e) {
            String message = e.errors().get(SettingKey.EXTRA_PATHS);
            JsonResponse.fieldErrors(
                    response,
                    Map.of(
                            "path",
                            message != null ? message : "the settings in force do not validate: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** How a save ended. */
    private enum Saved {
        YES,
        /** Another change came first; nothing was saved. */
        CONFLICT,
        /** The repository failed; the answer says so. */
        FAILED
    }

    /** Saves the settings with {@code rules} as the extra paths. */
    private Saved save(
            HttpServletRequest request, HttpServletResponse response, Settings basis, List<PathRule> rules, String what)
            throws IOException {
        Map<SettingKey, String> values = new java.util.EnumMap<>(basis.values());
        values.put(
                SettingKey.EXTRA_PATHS,
                String.join(",", rules.stream().map(PathRule::text).toList()));
        Settings next = SettingsParser.parse(values::get);
        String actor = request.getRemoteUser() == null ? "" : request.getRemoteUser();
        try {
            store().change(basis, next, actor, request.getRemoteAddr());
        } catch (ConcurrentChangeException e) {
            return Saved.CONFLICT;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "extra path not " + what + " by " + SafeText.quote(actor) + ": " + e.getMessage(), e);
            JsonResponse.error(
                    response,
                    500,
                    "The extra paths were not saved, and the previous settings stay in force: " + e.getMessage());
            return Saved.FAILED;
        }
        LOG.log(
                Level.INFO,
                "extra path " + what + " by " + SafeText.quote(actor) + " from " + request.getRemoteAddr()
                        + ": extraPaths=" + next.values().get(SettingKey.EXTRA_PATHS));
        return Saved.YES;
    }

    /** Whether every path {@code candidate} matches is matched by {@code existing} too. */
    static boolean covers(PathRule existing, PathRule candidate) {
        if (existing.equals(candidate)) {
            return true;
        }
        return existing.prefix() && existing.matches(candidate.path());
    }

    private static JsonArrayBuilder texts(List<PathRule> rules) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        rules.forEach(rule -> array.add(rule.text()));
        return array;
    }
}
