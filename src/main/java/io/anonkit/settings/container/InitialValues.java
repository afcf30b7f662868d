package io.anonkit.settings.container;

import io.anonkit.log.SafeText;
import io.anonkit.settings.SettingKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The initial value of each setting, looked up in order: environment variables ({@code ANONKIT_UPSTREAM}), then Java
 * system properties ({@code anonkit.upstream}), then JNDI environment entries ({@code java:comp/env/anonkit.upstream}),
 * then servlet context parameters ({@code anonkit.upstream}); the first found wins. A name with the kit's prefix that names no setting is an error, so a typo cannot silently leave a
 * security setting at its default.
 */
public final class InitialValues {
    private final Map<SettingKey, SourcedValue> values;

    private InitialValues(Map<SettingKey, SourcedValue> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Reads the four sources.
     *
     * @param environment       the environment variables
     * @param systemProperties  the system properties, by name
     * @param jndiEntries       the JNDI environment entries below {@code java:comp/env}, by name
     * @param contextParameters the context parameters, by name
     * @throws IllegalStateException naming every unknown setting name
     */
    public static InitialValues read(
            Map<String, String> environment,
            Map<String, String> systemProperties,
            Map<String, String> jndiEntries,
            Map<String, String> contextParameters) {
        List<String> unknown = new ArrayList<>();
        Map<SettingKey, SourcedValue> values = new EnumMap<>(SettingKey.class);
        collect(
                contextParameters,
                SettingKey.PROPERTY_PREFIX,
                SettingKey::byProperty,
                SettingSource.CONTEXT_PARAMETER,
                values,
                unknown);
        collect(
                jndiEntries,
                SettingKey.PROPERTY_PREFIX,
                SettingKey::byProperty,
                SettingSource.JNDI_ENTRY,
                values,
                unknown);
        collect(
                systemProperties,
                SettingKey.PROPERTY_PREFIX,
                SettingKey::byProperty,
                SettingSource.SYSTEM_PROPERTY,
                values,
                unknown);
        collect(
                environment,
                SettingKey.ENVIRONMENT_PREFIX,
                SettingKey::byEnvironmentVariable,
                SettingSource.ENVIRONMENT,
                values,
                unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(
                    "unknown settings " + String.join(", ", unknown) + "; the kit knows " + knownNames());
        }
        return new InitialValues(values);
    }

    private static void collect(
            Map<String, String> source,
            String prefix,
            Function<String, Optional<SettingKey>> lookup,
            SettingSource kind,
            Map<SettingKey, SourcedValue> values,
            List<String> unknown) {
        source.forEach((name, value) -> {
            if (!name.startsWith(prefix) || value == null) {
                return;
            }
            Optional<SettingKey> key = lookup.apply(name);
            if (key.isEmpty()) {
                unknown.add(SafeText.quote(name) + " (" + kind.description() + ")");
            } else {
                values.put(key.get(), new SourcedValue(value, kind, name));
            }
        });
    }

    private static String knownNames() {
        List<String> names = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            names.add(key.environmentVariable() + "/" + key.property());
        }
        return String.join(", ", names);
    }

    /** The value found for {@code key}, if any source had one. */
    public Optional<SourcedValue> get(SettingKey key) {
        return Optional.ofNullable(values.get(key));
    }

    /** All values found, by key. */
    public Map<SettingKey, SourcedValue> all() {
        return values;
    }
}
