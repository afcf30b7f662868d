package io.anonkit.settings;

/** The {@code SameSite} attribute given to cookies rewritten by the proxy. */
public enum SameSite implements Choice {
    /** {@code SameSite=Lax}. */
    LAX("Lax"),
    /** {@code SameSite=Strict}. */
    STRICT("Strict"),
    /** {@code SameSite=None}; needs {@code Secure}. */
    NONE("None"),
    /** Keep whatever the upstream sent. */
    KEEP("keep");

    private final String text;

    SameSite(String text) {
        this.text = text;
    }

    /** The attribute value as written in a cookie, e.g. {@code Lax}, or {@code keep}. */
    @Override
    public String text() {
        return text;
    }
}
