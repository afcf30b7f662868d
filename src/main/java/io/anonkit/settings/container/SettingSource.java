package io.anonkit.settings.container;

/** Where a setting's value came from, for the start-up log. */
public enum SettingSource {
    /** The built-in default. */
    DEFAULT("default"),
    /** An {@code ANONKIT_*} environment variable. */
    ENVIRONMENT("environment variable"),
    /** An {@code anonkit.*} Java system property. */
    SYSTEM_PROPERTY("system property"),
    /** An {@code anonkit.*} JNDI environment entry of the web application ({@code java:comp/env}). */
    JNDI_ENTRY("JNDI environment entry"),
    /** An {@code anonkit.*} servlet context parameter. */
    CONTEXT_PARAMETER("context parameter"),
    /** The saved settings document, {@code $ANONKIT_HOME/settings.json}. */
    SAVED("saved settings");

    private final String description;

    SettingSource(String description) {
        this.description = description;
    }

    /** Human wording, e.g. {@code environment variable}. */
    public String description() {
        return description;
    }
}
