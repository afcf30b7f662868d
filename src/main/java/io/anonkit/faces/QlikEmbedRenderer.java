package io.anonkit.faces;

import io.anonkit.faces.QlikEmbed.PropertyKeys;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import jakarta.faces.render.Renderer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;

/**
 * Writes one {@code <qlik-embed>} element; the decisions are {@link EmbedAttributes}'. An element that opens the app's
 * shared read-only view because the engine sessions are at their budget carries {@value #SHARED_VIEW}{@code ="shared"},
 * which a page can style or read to show a notice.
 */
public class QlikEmbedRenderer extends Renderer {
    /** The attribute that marks an element opening the shared read-only view for want of an engine session. */
    public static final String SHARED_VIEW = "data-anonkit-view";

    @Override
    public void encodeEnd(FacesContext context, UIComponent component) throws IOException {
        EmbedDefaults defaults = RenderedAttributes.defaults(context);
        HttpServletRequest request = RenderedAttributes.request(context);
        Map<String, String> attributes;
        try {
            attributes = EmbedAttributes.resolve(
                    RenderedAttributes.authored(component, PropertyKeys.class),
                    RenderedAttributes.passThrough(context, component),
                    defaults.appId(),
                    defaults.identity(request),
                    defaults.host(request));
            AllowedApps.check(attributes, defaults);
        } catch (InvalidAttributeException e) {
            AuthorErrors.report(context, component, "qlik-embed: " + e.getMessage());
            return;
        }
        ResponseWriter writer = context.getResponseWriter();
        writer.startElement("qlik-embed", component);
        RenderedAttributes.writeIdIfSet(context, component);
        RenderedAttributes.write(writer, attributes);
        if (!attributes.containsKey(PropertyKeys.identity.html()) && defaults.sharedViewForced(request)) {
            writer.writeAttribute(SHARED_VIEW, "shared", null);
        }
        writer.endElement("qlik-embed");
    }
}
