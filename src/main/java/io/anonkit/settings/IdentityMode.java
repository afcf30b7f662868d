package io.anonkit.settings;

/** How the kit tells Qlik who the visitor is. */
public enum IdentityMode implements Choice {
    /** The identity header carries the user id, for a virtual proxy with a static user directory. */
    HEADER_STATIC,
    /** The identity header carries a value built from the pattern, for a virtual proxy with a dynamic user directory. */
    HEADER_DYNAMIC,
    /** {@code X-Qlik-User: UserDirectory=...; UserId=...}, for an upstream that trusts the kit by certificate. */
    X_QLIK_USER,
    /** No identity is injected; reserved headers are still stripped (Qlik's own anonymous mode). */
    NONE;

    /** Whether the kit injects a header it names itself ({@code header-static} or {@code header-dynamic}). */
    public boolean usesNamedHeader() {
        return this == HEADER_STATIC || this == HEADER_DYNAMIC;
    }
}
