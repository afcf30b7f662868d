package io.anonkit.access;

import io.anonkit.http.Ascii;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request path below the virtual proxy prefix as Qlik routes it, for matching against the access rules: Qlik's
 * reserved words are case-insensitive and it decodes percent-encodings, so the path is percent-decoded (as UTF-8) and
 * lower-cased. What cannot be read one way only is not normalised at all, and so matches no rule: path parameters
 * ({@code ;}), malformed or non-UTF-8 percent-encodings, and control characters, {@code /}, {@code \} or {@code %}
 * that an encoding would produce. The gateway has already refused dot segments, empty segments and backslashes.
 */
final class AccessPath {
    private AccessPath() {}

    /** The normalised form of {@code rawPath} (the part after the mount, as sent), or empty when it is ambiguous. */
    static Optional<String> normalise(String rawPath) {
        if (rawPath.indexOf(';') >= 0) {
            return Optional.empty();
        }
        if (printableAscii(rawPath)) {
            // Nothing to decode, and ASCII is its own UTF-8.
            return Optional.of(Ascii.lowerCase(rawPath));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(rawPath.charAt(i + 1), 16);
                int low = Character.digit(rawPath.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                int decoded = high * 16 + low;
                if (decoded < 0x20 || decoded == 0x7f || decoded == '/' || decoded == '\\' || decoded == '%') {
                    return Optional.empty();
                }
                bytes.write(decoded);
                i += 2;
            } else if (c < 0x20 || c == 0x7f || c > 0x7e) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        try {
            String decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            return Optional.of(Ascii.lowerCase(decoded));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code path} has only printable ASCII characters other than {@code %}. */
    private static boolean printableAscii(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '%') {
                return false;
            }
        }
        return true;
    }

    /**
     * A short, bounded pattern of a normalised or raw path for the observed list and the log: its first two segments
     * (each at most 64 characters) and {@code /**} when there are more, such as {@code /qrs/app/**}.
     */
    static String pattern(String path) {
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < segments.length && i <= 2; i++) {
            String segment = segments[i];
            out.append('/').append(segment.length() > 64 ? segment.substring(0, 64) + "…" : segment);
        }
        if (segments.length > 3) {
            out.append("/**");
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
