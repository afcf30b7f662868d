package io.anonkit.settings;

/** When cookies rewritten by the proxy get the {@code Secure} attribute. */
public enum CookieSecure implements Choice {
    /** When the visitor's request came over HTTPS. */
    AUTO,
    /** Always. */
    ALWAYS,
    /** Never. */
    NEVER
}
