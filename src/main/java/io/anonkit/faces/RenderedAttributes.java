package io.anonkit.faces;

import jakarta.el.ValueExpression;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Reads a component's declared and pass-through attributes for a renderer, and writes decided attributes escaped. */
final class RenderedAttributes {
    private RenderedAttributes() {}

    /** The declared attributes the author set, evaluated; unset ones are absent. */
    static <K extends Enum<K>> Map<K, Object> authored(UIComponent component, Class<K> keys) {
        Map<K, Object> values = new EnumMap<>(keys);
        for (K key : keys.getEnumConstants()) {
            Object value = component.getAttributes().get(key.name());
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    /** The pass-through attributes, evaluated, in name order. */
    static Map<String, Object> passThrough(FacesContext context, UIComponent component) {
        Map<String, Object> values = new TreeMap<>();
        Map<String, Object> attributes = component.getPassThroughAttributes(false);
        if (attributes == null) {
            return values;
        }
        attributes.forEach((name, value) -> values.put(
                name,
                value instanceof ValueExpression expression ? expression.getValue(context.getELContext()) : value));
        return values;
    }

    /** Writes each attribute through the response writer, which escapes the value. */
    static void write(ResponseWriter writer, Map<String, String> attributes) throws IOException {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            writer.writeAttribute(attribute.getKey(), attribute.getValue(), null);
        }
    }

    /** Writes the element's id when the author gave the component one, so Ajax updates can find it. */
    static void writeIdIfSet(FacesContext context, UIComponent component) throws IOException {
        String id = component.getId();
        if (id != null && !id.startsWith(jakarta.faces.component.UIViewRoot.UNIQUE_ID_PREFIX)) {
            context.getResponseWriter().writeAttribute("id", component.getClientId(context), "id");
        }
    }

    static HttpServletRequest request(FacesContext context) {
        return (HttpServletRequest) context.getExternalContext().getRequest();
    }

    static EmbedDefaults defaults(FacesContext context) {
        return EmbedDefaults.of((ServletContext) context.getExternalContext().getContext());
    }
}
