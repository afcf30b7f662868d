package io.anonkit.settings;

/**
 * A path below the virtual proxy prefix that visitors may reach: exactly {@code path}, or with {@code prefix} also
 * everything below it ({@code /extensions/my-chart/**}). Paths are compared in lower case, after percent-decoding,
 * as Qlik routes them.
 *
 * @param path   the path in lower case, starting with {@code /}, without a trailing {@code /} or {@code /**}
 * @param prefix whether everything below the path matches too
 */
public record PathRule(String path, boolean prefix) {
    /** The rule's text form: the path, followed by {@code /**} for a prefix. */
    public String text() {
        return prefix ? path + "/**" : path;
    }

    /** Whether the normalised (lower-case, decoded) {@code candidate} matches. */
    public boolean matches(String candidate) {
        if (candidate.equals(path)) {
            return true;
        }
        return prefix
                && candidate.startsWith(path)
                && candidate.length() > path.length()
                && candidate.charAt(path.length()) == '/';
    }
}
