package io.anonkit.settings;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the kit tells Qlik who the visitor is. */
public enum IdentityMode {
    /** The identity header carries the user id, for a virtual proxy with a static user directory. */
    HEADER_STATIC("header-static"),
    /** The identity header carries a value built from the pattern, for a virtual proxy with a dynamic user directory. */
    HEADER_DYNAMIC("header-dynamic"),
    /** {@code X-Qlik-User: UserDirectory=...; UserId=...}, for an upstream that trusts the kit by certificate. */
    X_QLIK_USER("x-qlik-user"),
    /** No identity is injected; reserved headers are still stripped (Qlik's own anonymous mode). */
    NONE("none");

    private final String text;

    IdentityMode(String text) {
        this.text = text;
    }

    /** The setting's spelling, e.g. {@code header-static}. */
    public String text() {
        return text;
    }

    /** Whether the kit injects a header it names itself ({@code header-static} or {@code header-dynamic}). */
    public boolean usesNamedHeader() {
        return this == HEADER_STATIC || this == HEADER_DYNAMIC;
    }

    /** The mode spelled {@code text}, case-insensitively. */
    public static Optional<IdentityMode> parse(String text) {
        return Arrays.stream(values()).filter(m -> m.text.equalsIgnoreCase(text.trim())).findFirst();
    }

    /** All spellings, comma-separated, for error messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(IdentityMode::text).collect(Collectors.joining(", "));
    }
}
