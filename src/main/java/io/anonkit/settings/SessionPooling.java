package io.anonkit.settings;

/** Whether the kit keeps Qlik's session cookies on the server side. */
public enum SessionPooling {
    /** Pooled in every identity mode except {@code none}, where each browser is its own anonymous Qlik user. */
    AUTO,
    /** Always pooled. */
    ON,
    /** Never pooled: Qlik's session cookies pass through to the browser, rewritten. */
    OFF
}
