package io.anonkit.home;

import java.nio.file.Path;

/** The kit's home folder from the text of {@code ANONKIT_HOME}, where a leading {@code ~} means the user's home. */
public final class HomeFolder {
    /** Servlet context attribute holding the kit's home folder, a {@link Path}. */
    public static final String ATTRIBUTE = "io.anonkit.home";

    private HomeFolder() {}

    /** The folder {@code text} names; {@code userHome} replaces a leading {@code ~}. */
    public static Path of(String text, String userHome) {
        String trimmed = text.trim();
        if (trimmed.equals("~") || trimmed.startsWith("~/")) {
            return Path.of(userHome).resolve(trimmed.substring(Math.min(2, trimmed.length())));
        }
        return Path.of(trimmed);
    }
}
