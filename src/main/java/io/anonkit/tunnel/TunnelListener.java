package io.anonkit.tunnel;

import java.util.Optional;

/** Hears what happens around a tunnel's handshake and its end; called on the kit's and Jetty's threads. */
public interface TunnelListener {
    /** A {@code Set-Cookie} value of Qlik's answer to the handshake {@code attempt}. */
    void setCookie(TunnelRequest attempt, String value);

    /**
     * Qlik refused the upgrade of {@code attempt} with {@code status}: a request to try instead (once per tunnel, for
     * example with a fresh CSRF token), or empty to pass the refusal on to the visitor.
     */
    Optional<TunnelRequest> refused(TunnelRequest attempt, int status);

    /** The tunnel ended, or could not be opened: called once. */
    void ended();
}
