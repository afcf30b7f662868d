package io.anonkit.http;

/**
 * Case rules of protocols, which know ASCII letters only. Java's own {@code toLowerCase} and {@code equalsIgnoreCase}
 * fold Unicode too: the Kelvin sign {@code U+212A} becomes {@code k} and the dotless {@code ı} matches {@code I}, so a
 * path or a name that Qlik reads as something else would pass as the word it resembles. These methods change and
 * compare {@code A} to {@code Z} only.
 */
public final class Ascii {
    private Ascii() {}

    /** {@code text} with ASCII capitals made small; every other character, Unicode letters included, as it is. */
    public static String lowerCase(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = text.toCharArray();
                for (int j = i; j < length; j++) {
                    char d = out[j];
                    if (d >= 'A' && d <= 'Z') {
                        out[j] = (char) (d + ('a' - 'A'));
                    }
                }
                return new String(out);
            }
        }
        return text;
    }

    /** Whether {@code a} and {@code b} are equal when ASCII capitals count as small letters, and nothing else folds. */
    public static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} starts with {@code prefix} at {@code offset}, ASCII capitals counting as small letters. */
    public static boolean regionMatchesIgnoreCase(String text, int offset, String prefix) {
        if (offset < 0 || offset + prefix.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (lower(text.charAt(offset + i)) != lower(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
