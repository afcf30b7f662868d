package io.anonkit.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A setting whose value is one of a fixed set, each with one text form: the spelling in environment variables, the
 * settings document, the admin page's choices and error messages. Implemented by the settings' enums; parsed by
 * {@link #parse}, case-insensitively.
 */
public interface Choice {
    /** The enum constant's name, such as {@code HEADER_STATIC}. */
    String name();

    /**
     * The one text form, such as {@code header-static}: by default the constant's name in lower case with {@code -} for
     * {@code _}.
     */
    default String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} spelled {@code text}, ignoring case and surrounding blanks. */
    static <E extends Enum<E> & Choice> Optional<E> parse(Class<E> type, String text) {
        String trimmed = text.trim();
        return Arrays.stream(type.getEnumConstants())
                .filter(c -> c.text().equalsIgnoreCase(trimmed))
                .findFirst();
    }

    /** The text forms of {@code type}, in declaration order. */
    static <E extends Enum<E> & Choice> List<String> texts(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::text).toList();
    }
}
