package io.anonkit.settings;

/** When cookies rewritten by the proxy get the {@code Secure} attribute. */
public enum CookieSecure implements Choice {
    /** When the visitor's request came over HTTPS. */
    AUTO("auto"),
    /** Always. */
    ALWAYS("always"),
    /** Never. */
    NEVER("never");

    private final String text;

    CookieSecure(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}
