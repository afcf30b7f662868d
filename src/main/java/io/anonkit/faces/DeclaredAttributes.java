package io.anonkit.faces;

import java.util.Set;

/** A component whose tag accepts only its declared attributes, plus pass-through {@code data-*} and typed ones. */
public interface DeclaredAttributes {
    /** The component family of every component in this package. */
    String FAMILY = "io.anonkit.faces";

    /** The names of the declared attributes, as in the taglib. */
    Set<String> declaredAttributes();
}
