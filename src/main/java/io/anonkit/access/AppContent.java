package io.anonkit.access;

import io.anonkit.http.Ascii;
import java.util.List;

/**
 * The images of the allowed apps' media libraries: {@code /appcontent/<allowed app>/<folders>/<name>.png} (also
 * {@code .jpg}, {@code .jpeg}, {@code .gif}, the formats Qlik's media library takes). Charts load them by the
 * {@code qStaticContentUrl} of their properties (tooltip and KPI images, backgrounds, text-and-image objects).
 *
 * <p>Only images, by their extension, because an app's content folder holds whatever was uploaded to it through the
 * repository API (any media type), such as data files attached to the app for its load script. A file name with
 * {@code ?}, {@code #} (a server that decodes before it splits would read a query or fragment), {@code :} (an NTFS
 * stream of another file) or {@code ~} (a Windows short name, whose extension is the first three letters of a longer
 * one) is not an image here.
 */
final class AppContent {
    /** The file name endings visitors may fetch, as Qlik's media library accepts them. */
    static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif");

    private static final String ROOT = "/appcontent/";

    /** How a path relates to the allowed apps' images. */
    enum Match {
        /** Not below {@code /appcontent/}. */
        NONE,
        /** An image of an allowed app. */
        IMAGE,
        /** Below {@code /appcontent/}, but another app's or not an image. */
        OTHER
    }

    private AppContent() {}

    /**
     * @param normalised  the path as {@link AccessPath#normalise} reads it (decoded, ASCII letters in lower case)
     * @param allowedApps the ids of the apps visitors may open
     */
    static Match match(String normalised, List<String> allowedApps) {
        if (!normalised.startsWith(ROOT)) {
            return Match.NONE;
        }
        String[] segments = normalised.substring(ROOT.length()).split("/", -1);
        if (segments.length < 2
                || allowedApps.stream().noneMatch(app -> Ascii.lowerCase(app).equals(segments[0]))) {
            return Match.OTHER;
        }
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() || segment.chars().anyMatch(c -> c == '?' || c == '#' || c == ':' || c == '~')) {
                return Match.OTHER;
            }
        }
        String name = segments[segments.length - 1];
        for (String extension : IMAGE_EXTENSIONS) {
            if (name.length() > extension.length() && name.endsWith(extension)) {
                return Match.IMAGE;
            }
        }
        return Match.OTHER;
    }
}
