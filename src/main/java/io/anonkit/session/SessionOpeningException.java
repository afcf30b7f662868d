package io.anonkit.session;

/** Qlik did not open a proxy session for the pool. */
public final class SessionOpeningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message saying what Qlik did instead. */
    public SessionOpeningException(String message) {
        super(message);
    }
}
