package io.anonkit.log;

/**
 * Renders untrusted text for a log line or an error message: quoted, truncated, with control and non-ASCII characters
 * escaped, so a value can never forge a log line or smuggle terminal escapes.
 */
public final class SafeText {
    /** Longest rendered excerpt of a value, in characters, before the ellipsis. */
    public static final int MAX_LENGTH = 80;

    private SafeText() {}

    /**
     * Quotes a value in single quotes, escaping {@code '}, {@code \}, control and non-ASCII characters, and truncating
     * after {@value #MAX_LENGTH} characters; {@code null} renders as {@code null}.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 8).append('\'');
        int limit = Math.min(value.length(), MAX_LENGTH);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
