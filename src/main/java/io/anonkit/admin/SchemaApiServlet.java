package io.anonkit.admin;

import io.anonkit.http.JsonResponse;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsWarnings;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/api/schema}: what the admin page needs to draw its form, and the state around the settings.
 *
 * <pre>{@code
 * {"fields": [{"key": "upstream", "group": "Upstream", "help": "...", "default": "",
 *              "environmentVariable": "ANONKIT_UPSTREAM", "property": "anonkit.upstream",
 *              "secret": false, "choices": []}, ...],
 *  "warnings": {"upstream": "..."}, "repository": {"location": "...", "shared": false}}
 * }</pre>
 */
public class SchemaApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder fields = Json.createArrayBuilder();
        for (SettingKey key : SettingKey.values()) {
            if (key.scope() != SettingKey.Scope.RUNTIME) {
                continue;
            }
            JsonArrayBuilder choices = Json.createArrayBuilder();
            SettingsHelp.choices(key).forEach(choices::add);
            JsonObjectBuilder field = Json.createObjectBuilder()
                    .add("key", key.documentKey())
                    .add("group", SettingsHelp.group(key))
                    .add("help", SettingsHelp.help(key))
                    .add("default", key.defaultValue())
                    .add("environmentVariable", key.environmentVariable())
                    .add("property", key.property())
                    .add("secret", key.secret())
                    .add("choices", choices);
            fields.add(field);
        }
        Settings settings = store().current();
        Map<String, String> warnings = new LinkedHashMap<>();
        SettingsWarnings.of(settings).forEach((key, message) -> warnings.put(key.documentKey(), message));
        JsonResponse.send(
                response,
                200,
                Json.createObjectBuilder()
                        .add("fields", fields)
                        .add("warnings", JsonResponse.object(warnings))
                        .add(
                                "repository",
                                Json.createObjectBuilder()
                                        .add("location", store().repository().location())
                                        .add("shared", store().repository().shared()))
                        .build());
    }
}
