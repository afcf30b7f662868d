package io.anonkit.session;

/**
 * A pooled session this node may not open while the shared database is away: another node of the cluster opens or
 * replaces it, and this node takes its cookie from the database once it is back.
 */
public final class SessionAwaitsDatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the session's position. */
    public SessionAwaitsDatabaseException(String message) {
        super(message);
    }
}
