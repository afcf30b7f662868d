package io.anonkit.faces;

import jakarta.faces.context.FacesContext;
import java.util.Optional;

/**
 * The per-request Content-Security-Policy nonce the script tag carries. Whatever sets the policy header (the kit's
 * filter, or the application's own) stores the nonce as the request attribute {@link #REQUEST_ATTRIBUTE}.
 */
public final class ContentSecurityNonce {
    /** Request attribute holding the nonce, a base64 string. */
    public static final String REQUEST_ATTRIBUTE = "io.anonkit.csp.nonce";

    private ContentSecurityNonce() {}

    /** The nonce of the current request, if a policy filter set one. */
    public static Optional<String> current(FacesContext context) {
        Object nonce = context.getExternalContext().getRequestMap().get(REQUEST_ATTRIBUTE);
        return nonce instanceof String text && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    }
}
