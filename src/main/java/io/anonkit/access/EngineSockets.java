package io.anonkit.access;

import io.anonkit.http.Ascii;
import io.anonkit.http.QlikPaths;
import io.anonkit.http.Refusal;
import io.anonkit.http.Refusals;
import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides an engine WebSocket handshake. It is accepted only at {@code app/<id>} for an id of
 * {@link Settings#allowedApps()}, spelled exactly as listed, optionally followed by {@code identity/<token>} with a
 * token the kit issued for the selection scope in force (none is accepted in the {@code shared} scope). Anything else,
 * such as the global {@code app/engineData}, another app, a hub socket, {@code ttl/} or other extra segments, is
 * refused with 403.
 *
 * <p>The accepted handshake goes to Qlik rebuilt: {@code app/<id>[/identity/<derived>]}, where the derived identity is
 * the token's random part, and a query of only the parameters Qlik reads ({@code reloadUri}, {@code xrfkey},
 * {@code qlik-csrf-token}), each once, as the visitor sent them.
 */
final class EngineSockets {
    /** The engine endpoint that belongs to no app: the document list, app creation and more. */
    static final String GLOBAL_ENGINE = "engineData";
    /** The query parameters Qlik's proxy and engine read on an engine WebSocket. */
    static final List<String> QUERY_PARAMETERS = List.of("reloadUri", "xrfkey", QlikPaths.CSRF_TOKEN_NAME);

    private EngineSockets() {}

    static Verdict check(Settings settings, String rawPath, String rawQuery, IdentityTokens tokens) {
        String[] segments = rawPath.split("/", -1);
        if (segments.length < 3 || !Ascii.equalsIgnoreCase(segments[1], "app")) {
            return refused(Refusals.ENGINE_NOT_AT_APP.with(), rawPath);
        }
        String app = segments[2];
        if (Ascii.equalsIgnoreCase(app, GLOBAL_ENGINE)) {
            return refused(Refusals.ENGINE_GLOBAL.with(), rawPath);
        }
        if (!settings.allowedApps().contains(app)) {
            return refused(
                    settings.allowedApps().isEmpty()
                            ? Refusals.ENGINE_NO_APPS.with(SettingKey.ALLOWED_APPS.environmentVariable())
                            : Refusals.ENGINE_APP_NOT_OPEN.with(),
                    rawPath);
        }
        Optional<String> identity = Optional.empty();
        if (segments.length == 5 && Ascii.equalsIgnoreCase(segments[3], "identity")) {
            SelectionScope scope = settings.sessions().selectionScope();
            if (scope == SelectionScope.SHARED) {
                return refused(Refusals.IDENTITY_IN_SHARED_SCOPE.with(), rawPath);
            }
            identity = tokens.verify(segments[4], scope);
            if (identity.isEmpty()) {
                return refused(Refusals.IDENTITY_INVALID.with(), rawPath);
            }
        } else if (segments.length != 3) {
            return refused(Refusals.ENGINE_PATH.with(), rawPath);
        }
        String path = "/app/" + app + identity.map(id -> "/identity/" + id).orElse("");
        return new Verdict.Allowed(
                Optional.of(path), Optional.of(query(rawQuery)), Optional.of(app), identity.isEmpty());
    }

    /** The visitor's query reduced to {@link #QUERY_PARAMETERS}, the first of each, as sent; may be empty. */
    static String query(String rawQuery) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (QUERY_PARAMETERS.contains(name)) {
                    kept.putIfAbsent(name, pair);
                }
            }
        }
        return String.join("&", kept.values());
    }

    private static Verdict refused(Refusal refusal, String rawPath) {
        return Verdict.refused(refusal, AccessPath.pattern(rawPath));
    }
}
