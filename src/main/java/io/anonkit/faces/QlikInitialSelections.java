package io.anonkit.faces;

/**
 * A {@code <qlik-initial-selections>} element: selections applied when the app opens, from nested
 * {@code <q:selectField>} tags or a bookmark.
 *
 * <pre>{@code
 * <q:initialSelections clearAll="true">
 *   <q:selectField name="Country" values="Sweden;Norway"/>
 * </q:initialSelections>
 * }</pre>
 */
public class QlikInitialSelections extends DeclaredComponent {
    /** The component type, as declared in {@code faces-config.xml}. */
    public static final String COMPONENT_TYPE = "io.anonkit.faces.QlikInitialSelections";
    /** The renderer type. */
    public static final String RENDERER_TYPE = "io.anonkit.faces.QlikInitialSelections";

    /** The tag's attributes; each constant's name is the attribute in the taglib. */
    public enum PropertyKeys {
        /** The Qlik app. */
        appId,
        /** Engine session identity; must match the embeds'. */
        identity,
        /** Clear all selections first. */
        clearAll,
        /** Bookmark to apply. */
        bookmarkId
    }

    /** Creates the component with its renderer. */
    public QlikInitialSelections() {
        super(RENDERER_TYPE, PropertyKeys.class);
    }
}
