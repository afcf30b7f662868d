package io.anonkit.faces;

/**
 * A {@code <qlik-embed>} element: one Qlik chart, sheet, filter, selections bar or classic app on the page.
 *
 * <pre>{@code
 * <q:embed ui="analytics/chart" objectId="jRZJmH"/>
 * <q:embed ui="analytics/chart" type="barchart" dimensions='["Country"]' measures='["=Sum(Sales)"]'/>
 * }</pre>
 *
 * <p>{@code appId} defaults to the application's default app and {@code identity} to the engine identity of the
 * selection scope. Unknown {@code data-*} and typed {@code name___json|number|boolean|string} attributes pass through.
 */
public class QlikEmbed extends DeclaredComponent {
    /** The component type, as declared in {@code faces-config.xml}. */
    public static final String COMPONENT_TYPE = "io.anonkit.faces.QlikEmbed";
    /** The renderer type. */
    public static final String RENDERER_TYPE = "io.anonkit.faces.QlikEmbed";

    /** The tag's attributes; each constant's name is the attribute in the taglib. */
    public enum PropertyKeys {
        /** Which Qlik UI to render, such as {@code analytics/chart}. */
        ui("ui", AttributeKind.TEXT),
        /** The Qlik app. */
        appId("app-id", AttributeKind.TEXT),
        /** A chart or sheet object in the app. */
        objectId("object-id", AttributeKind.TEXT),
        /** A sheet in the app. */
        sheetId("sheet-id", AttributeKind.TEXT),
        /** A field name (analytics/field). */
        fieldId("field-id", AttributeKind.TEXT),
        /** A master dimension or measure (analytics/field). */
        libraryId("library-id", AttributeKind.TEXT),
        /** Chart type of a chart on the fly, or dimension/measure for a library field. */
        type("type", AttributeKind.TEXT),
        /** Dimensions of a chart on the fly, a JSON array. */
        dimensions("dimensions", AttributeKind.JSON_ARRAY),
        /** Measures of a chart on the fly, a JSON array. */
        measures("measures", AttributeKind.JSON_ARRAY),
        /** Chart properties of a chart on the fly, a JSON object. */
        properties("properties", AttributeKind.JSON_OBJECT),
        /** Context of analytics UIs (theme, language, interactions), a JSON object. */
        context("context", AttributeKind.JSON_OBJECT),
        /** Theme id. */
        theme("theme", AttributeKind.TEXT),
        /** Language, such as {@code en-US}. */
        language("language", AttributeKind.TEXT),
        /** Render in an iframe. */
        iframe("iframe", AttributeKind.BOOLEAN),
        /** Engine session identity; {@code ""} shares the engine session. */
        identity("identity", AttributeKind.TEXT),
        /** Bookmark to apply (classic/app). */
        bookmark("bookmark", AttributeKind.TEXT),
        /** Clear selections on open (classic/app). */
        clearSelections("clear-selections", AttributeKind.BOOLEAN),
        /** Selections to apply (classic/app), a JSON array. */
        select("select", AttributeKind.JSON_ARRAY),
        /** Name of a host config registered with {@code @qlik/api}. */
        hostConfig("host-config", AttributeKind.TEXT),
        /** Qlik host for this element only; defaults to the script tag's. */
        host("host", AttributeKind.TEXT),
        /** CSS classes. */
        styleClass("class", AttributeKind.TEXT);

        private final String html;
        private final AttributeKind kind;

        PropertyKeys(String html, AttributeKind kind) {
            this.html = html;
            this.kind = kind;
        }

        /** The attribute written on the element. */
        public String html() {
            return html;
        }

        AttributeKind kind() {
            return kind;
        }
    }

    /** Creates the component with its renderer. */
    public QlikEmbed() {
        super(RENDERER_TYPE, PropertyKeys.class);
    }
}
