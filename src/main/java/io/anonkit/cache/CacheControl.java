package io.anonkit.cache;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Cache-Control} directives a shared cache acts on (RFC 9111, section 5.2), read from every field of a
 * message. Reading is strict where a mistake would store or share too much: a directive that appears twice with
 * different values, or a delta-seconds that is not a plain number, counts as absent for freshness and, for
 * {@code no-store}, {@code no-cache} and {@code private}, as present (also in their qualified forms, such as
 * {@code private="Set-Cookie"}, which this cache treats as unqualified).
 *
 * @param noStore        {@code no-store}
 * @param noCache        {@code no-cache}: store, but revalidate before every use
 * @param isPrivate      {@code private}: never for a shared cache
 * @param isPublic       {@code public}
 * @param mustRevalidate {@code must-revalidate} or {@code proxy-revalidate}: never served stale
 * @param maxAge         {@code max-age}
 * @param sMaxAge        {@code s-maxage}, which wins over {@code max-age} in a shared cache
 */
public record CacheControl(
        boolean noStore,
        boolean noCache,
        boolean isPrivate,
        boolean isPublic,
        boolean mustRevalidate,
        Optional<Duration> maxAge,
        Optional<Duration> sMaxAge) {
    /** No directive at all. */
    public static final CacheControl NONE =
            new CacheControl(false, false, false, false, false, Optional.empty(), Optional.empty());

    /** Longest freshness taken from a message: larger delta-seconds are cut to it (RFC 9111, section 1.2.2). */
    static final Duration MAX_DELTA = Duration.ofSeconds(Integer.MAX_VALUE);

    /** The directives of every {@code Cache-Control} field value in {@code values}, in order. */
    public static CacheControl parse(List<String> values) {
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        boolean isPublic = false;
        boolean mustRevalidate = false;
        Delta maxAge = Delta.ABSENT;
        Delta sMaxAge = Delta.ABSENT;
        for (String value : values) {
            for (String directive : split(value)) {
                int equals = directive.indexOf('=');
                String name = (equals < 0 ? directive : directive.substring(0, equals))
                        .trim()
                        .toLowerCase(Locale.ROOT);
                String argument = equals < 0
                        ? null
                        : unquote(directive.substring(equals + 1).trim());
                switch (name) {
                    case "no-store" -> noStore = true;
                    case "no-cache" -> noCache = true;
                    case "private" -> isPrivate = true;
                    case "public" -> isPublic = true;
                    case "must-revalidate", "proxy-revalidate" -> mustRevalidate = true;
                    case "max-age" -> maxAge = maxAge.with(argument);
                    case "s-maxage" -> sMaxAge = sMaxAge.with(argument);
                    default -> {
                        // Directives a shared cache need not act on (immutable, stale-while-revalidate, ...).
                    }
                }
            }
        }
        return new CacheControl(noStore, noCache, isPrivate, isPublic, mustRevalidate, maxAge.value(), sMaxAge.value());
    }

    /** The comma-separated directives of one field value; commas inside quoted strings do not split. */
    private static List<String> split(String value) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                part.append(c);
                c = value.charAt(++i);
            } else if (c == ',' && !quoted) {
                if (!part.toString().isBlank()) {
                    parts.add(part.toString());
                }
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        if (!part.toString().isBlank()) {
            parts.add(part.toString());
        }
        return parts;
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1)
                : text;
    }

    /** A delta-seconds seen so far: none, one value, or values that disagree or do not parse (then unusable). */
    private record Delta(boolean seen, Optional<Duration> value) {
        static final Delta ABSENT = new Delta(false, Optional.empty());

        Delta with(String argument) {
            Optional<Duration> parsed = parse(argument);
            if (!seen) {
                return new Delta(true, parsed);
            }
            return value.isPresent() && value.equals(parsed) ? this : new Delta(true, Optional.empty());
        }

        private static Optional<Duration> parse(String argument) {
            if (argument == null || argument.isEmpty() || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            if (argument.length() > 10) {
                return Optional.of(MAX_DELTA);
            }
            long seconds = Long.parseLong(argument);
            return Optional.of(seconds > MAX_DELTA.getSeconds() ? MAX_DELTA : Duration.ofSeconds(seconds));
        }
    }
}
