package io.anonkit.faces;

import jakarta.faces.component.UIComponentBase;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Base of the components in this package: the family, the renderer, and the attributes named by a {@code PropertyKeys} enum. */
abstract class DeclaredComponent extends UIComponentBase implements DeclaredAttributes {
    private final Set<String> names;

    DeclaredComponent(String rendererType, Class<? extends Enum<?>> propertyKeys) {
        setRendererType(rendererType);
        this.names = Arrays.stream(propertyKeys.getEnumConstants()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String getFamily() {
        return DeclaredAttributes.FAMILY;
    }

    @Override
    public Set<String> declaredAttributes() {
        return names;
    }
}
