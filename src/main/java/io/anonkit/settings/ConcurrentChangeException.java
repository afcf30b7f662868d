package io.anonkit.settings;

/**
 * Thrown when a settings change was based on settings that another change (on this node or another) has replaced in
 * the meantime; the caller reloads and tries again, as HTTP's {@code 412 Precondition Failed} asks.
 */
public final class ConcurrentChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public ConcurrentChangeException(String message) {
        super(message);
    }
}
