package io.anonkit.faces;

/** A tag attribute value the page author must fix; the message names the attribute and what is allowed. */
final class InvalidAttributeException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidAttributeException(String message) {
        super(message);
    }
}
