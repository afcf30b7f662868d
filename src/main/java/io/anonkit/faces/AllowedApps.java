package io.anonkit.faces;

import java.util.Map;

/** Refuses, at render time, an element whose app the visitors' engine WebSockets may not open: it could never load. */
final class AllowedApps {
    /** The HTML attribute that names the app, on {@code <qlik-embed>} and the helper elements alike. */
    static final String APP_ID = "app-id";

    private AllowedApps() {}

    /**
     * Checks the app of {@code attributes} against {@code defaults}.
     *
     * @throws InvalidAttributeException naming the app and where to allow it
     */
    static void check(Map<String, String> attributes, EmbedDefaults defaults) throws InvalidAttributeException {
        String appId = attributes.get(APP_ID);
        if (appId != null && !defaults.appAllowed(appId)) {
            throw new InvalidAttributeException("appId " + AuthorErrors.quote(appId) + " is not open to visitors, so"
                    + " its engine WebSocket would be refused; add it to the kit's allowed apps, "
                    + SettingNames.ALLOWED_APPS);
        }
    }
}
