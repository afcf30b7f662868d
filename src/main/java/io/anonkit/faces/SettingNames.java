package io.anonkit.faces;

/**
 * The kit's settings that tag messages name, as the docs name them: the environment variable with the property in
 * brackets. Spelled out here because the tags jar stands alone, without the kit's settings classes;
 * {@code SettingNamesTest} keeps them equal to the settings' own names.
 */
final class SettingNames {
    /** The default app id of the tags. */
    static final String APP_ID = "ANONKIT_APP_ID (anonkit.app.id)";
    /** The apps whose engine visitors may open. */
    static final String ALLOWED_APPS = "ANONKIT_ALLOWED_APPS (anonkit.allowed.apps)";

    /** The kit's public URL. */
    static final String PUBLIC_URL = "ANONKIT_PUBLIC_URL (anonkit.public.url)";

    private SettingNames() {}
}
