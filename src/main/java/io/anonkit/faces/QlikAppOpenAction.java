package io.anonkit.faces;

import jakarta.faces.component.UIComponentBase;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@code <qlik-app-open-action>} element: calls a global JavaScript function when the app opens.
 *
 * <pre>{@code
 * <q:appOpenAction callback="onQlikAppOpen"/>
 * }</pre>
 */
public class QlikAppOpenAction extends UIComponentBase implements DeclaredAttributes {
    /** The component type, as declared in {@code faces-config.xml}. */
    public static final String COMPONENT_TYPE = "io.anonkit.faces.QlikAppOpenAction";
    /** The renderer type. */
    public static final String RENDERER_TYPE = "io.anonkit.faces.QlikAppOpenAction";

    /** The tag's attributes; each constant's name is the attribute in the taglib. */
    public enum PropertyKeys {
        /** The Qlik app. */
        appId,
        /** Engine session identity; must match the embeds'. */
        identity,
        /** Name of a global function called with the opened app. */
        callback
    }

    private static final Set<String> NAMES = Arrays.stream(PropertyKeys.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    /** Creates the component with its renderer. */
    public QlikAppOpenAction() {
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
