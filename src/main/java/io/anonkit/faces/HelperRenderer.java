package io.anonkit.faces;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import jakarta.faces.render.Renderer;
import java.io.IOException;
import java.util.Map;

/**
 * Writes the helper elements ({@code <qlik-initial-selections>}, {@code <field>}, {@code <qlik-app-open-action>})
 * with their children; the decisions are {@link HelperAttributes}'.
 */
public class HelperRenderer extends Renderer {
    @Override
    public boolean getRendersChildren() {
        return true;
    }

    @Override
    public void encodeChildren(FacesContext context, UIComponent component) throws IOException {
        // Written in encodeEnd, and only when the element itself is valid.
    }

    @Override
    public void encodeEnd(FacesContext context, UIComponent component) throws IOException {
        EmbedDefaults defaults = RenderedAttributes.defaults(context);
        Map<String, Object> a = component.getAttributes();
        String element;
        Map<String, String> attributes;
        try {
            if (component instanceof QlikInitialSelections) {
                element = "qlik-initial-selections";
                attributes = HelperAttributes.initialSelections(
                        a.get("appId"),
                        a.get("identity"),
                        a.get("clearAll"),
                        a.get("bookmarkId"),
                        defaults.appId(),
                        defaults.identity(RenderedAttributes.request(context)));
            } else if (component instanceof QlikAppOpenAction) {
                element = "qlik-app-open-action";
                attributes = HelperAttributes.appOpenAction(
                        a.get("appId"),
                        a.get("identity"),
                        a.get("callback"),
                        defaults.appId(),
                        defaults.identity(RenderedAttributes.request(context)));
            } else {
                element = "field";
                attributes = HelperAttributes.field(a.get("name"), a.get("state"), a.get("match"), a.get("values"));
            }
            for (Map.Entry<String, Object> entry :
                    RenderedAttributes.passThrough(context, component).entrySet()) {
                EmbedAttributes.passThrough(attributes, entry.getKey(), entry.getValue());
            }
            AllowedApps.check(attributes, defaults);
        } catch (InvalidAttributeException e) {
            AuthorErrors.report(context, component, e.getMessage());
            return;
        }
        ResponseWriter writer = context.getResponseWriter();
        writer.startElement(element, component);
        RenderedAttributes.writeIdIfSet(context, component);
        RenderedAttributes.write(writer, attributes);
        for (UIComponent child : component.getChildren()) {
            child.encodeAll(context);
        }
        writer.endElement(element);
    }
}
