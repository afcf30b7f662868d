package io.anonkit.faces;

/** How a tag attribute's value is checked and written. */
enum AttributeKind {
    /** Plain text, written as it is (escaped). */
    TEXT,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A JSON array. */
    JSON_ARRAY,
    /** A JSON object. */
    JSON_OBJECT
}
