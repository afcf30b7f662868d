package io.anonkit.settings;

/**
 * One setting's change in an {@link AuditEntry}. Secret values are never kept: both sides read {@value #SECRET}.
 *
 * @param key    the settings-document key, e.g. {@code upstream}
 * @param before the value before, or {@value #SECRET}
 * @param after  the value after, or {@value #SECRET}
 */
public record FieldChange(String key, String before, String after) {
    /** What an audit entry shows in place of a secret value. */
    public static final String SECRET = "(secret)";

    /** The change of {@code key} from {@code before} to {@code after}, redacted when the setting is secret. */
    public static FieldChange of(SettingKey key, String before, String after) {
        if (key.secret()) {
            return new FieldChange(key.documentKey(), before.isEmpty() ? "" : SECRET, after.isEmpty() ? "" : SECRET);
        }
        return new FieldChange(key.documentKey(), before, after);
    }
}
