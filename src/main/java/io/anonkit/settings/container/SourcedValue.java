package io.anonkit.settings.container;

/**
 * A setting's text and where it came from.
 *
 * @param text   the value as given
 * @param source where it came from
 * @param name   the name it was given under, e.g. {@code ANONKIT_UPSTREAM}
 */
public record SourcedValue(String text, SettingSource source, String name) {}
