package io.anonkit.faces;

/**
 * A {@code <qlik-app-open-action>} element: calls a global JavaScript function when the app opens.
 *
 * <pre>{@code
 * <q:appOpenAction callback="onQlikAppOpen"/>
 * }</pre>
 */
public class QlikAppOpenAction extends DeclaredComponent {
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

    /** Creates the component with its renderer. */
    public QlikAppOpenAction() {
        super(RENDERER_TYPE, PropertyKeys.class);
    }
}
