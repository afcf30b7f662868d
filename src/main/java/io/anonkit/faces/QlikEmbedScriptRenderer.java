package io.anonkit.faces;

import io.anonkit.faces.QlikEmbedScript.PropertyKeys;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import jakarta.faces.render.Renderer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;

/** Writes the loader's {@code <script>} tag once per rendered view; the decisions are {@link ScriptAttributes}'. */
public class QlikEmbedScriptRenderer extends Renderer {
    private static final String RENDERED = QlikEmbedScriptRenderer.class.getName() + ".rendered";

    @Override
    public void encodeEnd(FacesContext context, UIComponent component) throws IOException {
        if (context.getAttributes().putIfAbsent(RENDERED, Boolean.TRUE) != null) {
            return;
        }
        EmbedDefaults defaults = RenderedAttributes.defaults(context);
        HttpServletRequest request = RenderedAttributes.request(context);
        Map<String, String> attributes;
        try {
            attributes = ScriptAttributes.resolve(
                    RenderedAttributes.authored(component, PropertyKeys.class),
                    RenderedAttributes.passThrough(context, component),
                    defaults.loaderUrl(request),
                    defaults.host(request),
                    defaults.pageOrigin(request),
                    ContentSecurityNonce.current(context),
                    warning -> AuthorErrors.warn(context, component, warning));
        } catch (InvalidAttributeException e) {
            AuthorErrors.report(context, component, "qlik-embed script: " + e.getMessage());
            return;
        }
        ResponseWriter writer = context.getResponseWriter();
        writer.startElement("script", component);
        RenderedAttributes.write(writer, attributes);
        writer.endElement("script");
    }
}
