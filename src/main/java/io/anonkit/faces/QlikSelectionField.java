package io.anonkit.faces;

import jakarta.faces.component.UIComponentBase;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** One field of {@code <q:initialSelections>}: a {@code <field>} element with the values to select. */
public class QlikSelectionField extends UIComponentBase implements DeclaredAttributes {
    /** The component type, as declared in {@code faces-config.xml}. */
    public static final String COMPONENT_TYPE = "io.anonkit.faces.QlikSelectionField";
    /** The renderer type. */
    public static final String RENDERER_TYPE = "io.anonkit.faces.QlikSelectionField";

    /** The tag's attributes; each constant's name is the attribute in the taglib. */
    public enum PropertyKeys {
        /** Field name. */
        name,
        /** Alternate state. */
        state,
        /** Search string to select by. */
        match,
        /** Values to select: a collection, or text separated by ';'. */
        values
    }

    private static final Set<String> NAMES = Arrays.stream(PropertyKeys.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    /** Creates the component with its renderer. */
    public QlikSelectionField() {
        setRendererType(RENDERER_TYPE);
    }

    @Override
    public String getFamily() {
        return DeclaredAttributes.FAMILY;
    }

    @Override
    public Set<String> declaredAttributes() {
        return NAMES;
    }
}
