package io.anonkit.settings;

/**
 * The shared settings database cannot be reached (refused, gone, shutting down): nothing was read or written, and the
 * settings in force stay. Worth another try once the database is back, unlike any other failure of a change.
 */
public class SettingsUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The failure, with {@code message} saying what could not be done where. */
    public SettingsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
