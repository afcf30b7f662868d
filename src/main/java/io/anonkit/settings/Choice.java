package io.anonkit.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A setting whose value is one of a fixed set, each with one text form: the spelling in environment variables, the
 * settings document, the admin page's choices and error messages. Implemented by the settings' enums; parsed by
 * {@link #parse}, case-insensitively.
 */
public interface Choice {
    /** The one text form, such as {@code header-static} or {@code Lax}. */
    String text();

    /** The constant of {@code type} spelled {@code text}, ignoring case and surrounding blanks. */
    static <E extends Enum<E> & Choice> Optional<E> parse(Class<E> type, String text) {
        String trimmed = text.trim();
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.text().equalsIgnoreCase(trimmed)).findFirst();
    }

    /** The text forms of {@code type}, in declaration order. */
    static <E extends Enum<E> & Choice> List<String> texts(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::text).toList();
    }
}
