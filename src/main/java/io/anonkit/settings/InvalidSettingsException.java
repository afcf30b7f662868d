package io.anonkit.settings;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Thrown when settings do not validate. It carries every field error at once, keyed by setting, so an admin sees all
 * mistakes together; each message names the bad value (unless secret) and what is allowed.
 */
public final class InvalidSettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Map<SettingKey, String> errors;

    /** An exception listing {@code errors}, which must not be empty. */
    public InvalidSettingsException(Map<SettingKey, String> errors) {
        super(describe(errors));
        this.errors = Collections.unmodifiableMap(new EnumMap<>(errors));
    }

    /** The message of each invalid setting. */
    public Map<SettingKey, String> errors() {
        return errors;
    }

    private static String describe(Map<SettingKey, String> errors) {
        return errors.entrySet().stream()
                .map(e -> e.getKey().environmentVariable() + " (" + e.getKey().property() + "): " + e.getValue())
                .collect(Collectors.joining("; ", "invalid settings: ", ""));
    }
}
