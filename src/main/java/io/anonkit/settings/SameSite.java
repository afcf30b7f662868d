package io.anonkit.settings;

/** The {@code SameSite} attribute given to cookies rewritten by the proxy. */
public enum SameSite {
    /** Keep whatever the upstream sent. */
    KEEP("keep"),
    /** {@code SameSite=Lax}. */
    LAX("Lax"),
    /** {@code SameSite=Strict}. */
    STRICT("Strict"),
    /** {@code SameSite=None}; needs {@code Secure}. */
    NONE("None");

    private final String text;

    SameSite(String text) {
        this.text = text;
    }

    /** The attribute value as written in a cookie, e.g. {@code Lax}. */
    public String text() {
        return text;
    }
}
