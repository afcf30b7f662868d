package io.anonkit.settings;

import java.util.List;

/**
 * The allowed values of each setting of type {@link SettingKey.Type.OneOf}, taken from its {@link Choice} enum (the one
 * line a new choice setting adds here: {@code SettingKey} stays free of the settings' other classes for the launcher).
 */
public final class SettingChoices {
    private SettingChoices() {}

    /** The text forms {@code key} accepts, in their enum's order; empty for a setting of another type. */
    public static List<String> of(SettingKey key) {
        return switch (key) {
            case IDENTITY_MODE -> Choice.texts(IdentityMode.class);
            case COOKIE_SECURE -> Choice.texts(CookieSecure.class);
            case COOKIE_SAMESITE -> Choice.texts(SameSite.class);
            case UNUSUAL_HEADER_NAMES -> Choice.texts(UnusualHeaderNames.class);
            case TRUSTSTORE_TYPE -> Choice.texts(TrustStore.Type.class);
            case SESSION_POOL -> Choice.texts(SessionSettings.Pooling.class);
            case SELECTION_SCOPE -> Choice.texts(SessionSettings.SelectionScope.class);
            case ACCESS_PROFILE -> Choice.texts(AccessSettings.Profile.class);
            case ENFORCEMENT -> Choice.texts(AccessSettings.Enforcement.class);
            case SHARED_SELECTIONS -> Choice.texts(EngineSettings.SharedSelections.class);
            default -> List.of();
        };
    }
}
