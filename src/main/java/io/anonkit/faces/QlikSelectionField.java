package io.anonkit.faces;

/** One field of {@code <q:initialSelections>}: a {@code <field>} element with the values to select. */
public class QlikSelectionField extends DeclaredComponent {
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

    /** Creates the component with its renderer. */
    public QlikSelectionField() {
        super(RENDERER_TYPE, PropertyKeys.class);
    }
}
