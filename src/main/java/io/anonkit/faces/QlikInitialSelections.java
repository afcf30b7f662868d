package io.anonkit.faces;

import jakarta.faces.component.UIComponentBase;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

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
public class QlikInitialSelections extends UIComponentBase implements DeclaredAttributes {
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

    private static final Set<String> NAMES = Arrays.stream(PropertyKeys.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    /** Creates the component with its renderer. */
    public QlikInitialSelections() {
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
