package io.anonkit.http;

/**
 * Syntax and comparison of header names.
 *
 * <p>Names are compared by their <em>skeleton</em>: ASCII lower case with every character other than a letter or a
 * digit dropped, so {@code X-Qlik-User}, {@code x_qlik_user} and {@code X.Qlik.User} all give {@code xqlikuser}. Back
 * ends that fold {@code _} or {@code .} into {@code -} therefore cannot be handed an alias the kit did not recognise.
 */
public final class HeaderNames {
    private HeaderNames() {}

    /** The skeleton of {@code name}: ASCII letters lower-cased, digits kept, everything else dropped. */
    public static String skeleton(String name) {
        StringBuilder out = null;
        int length = name.length();
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (keep && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length).append(name, 0, i);
            }
            if (c >= 'A' && c <= 'Z') {
                out.append((char) (c + ('a' - 'A')));
            } else if (keep) {
                out.append(c);
            }
        }
        return out == null ? name : out.toString();
    }

    /** Whether {@code name} has only letters, digits and {@code -}: the names browsers send and nginx forwards. */
    public static boolean isPlain(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
