package io.anonkit.faces;

import jakarta.faces.component.UIComponentBase;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Base of the components in this package: the family, the renderer, and the attributes named by a {@code PropertyKeys}
 * enum. A tag accepts only these declared attributes, plus pass-through {@code data-*} and typed ones.
 */
abstract class DeclaredComponent extends UIComponentBase {
    /** The component family of every component in this package. */
    static final String FAMILY = "io.anonkit.faces";

    private final Set<String> names;

    DeclaredComponent(String rendererType, Class<? extends Enum<?>> propertyKeys) {
        setRendererType(rendererType);
        this.names =
                Arrays.stream(propertyKeys.getEnumConstants()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String getFamily() {
        return FAMILY;
    }

    /** The names of the declared attributes, as in the taglib. */
    Set<String> declaredAttributes() {
        return names;
    }
}
