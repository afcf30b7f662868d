package io.anonkit.engine;

/** A visitor message that is not one well-formed JSON-RPC request; the message says what, never quoting it. */
final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedMessageException(String what) {
        super(what, null, false, false);
    }
}
