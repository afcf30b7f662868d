package io.anonkit.settings;

/**
 * Fired, also as a CDI event, after the store published new settings.
 *
 * @param previous the settings before the change
 * @param current  the settings now in force
 */
public record SettingsChanged(Settings previous, Settings current) {}
