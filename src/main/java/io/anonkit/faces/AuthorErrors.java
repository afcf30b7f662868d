package io.anonkit.faces;

import jakarta.faces.FacesException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.application.ProjectStage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports a page author's mistake found while rendering. In the Development project stage it stops the page with an
 * exception that says the fix; otherwise the element is left out, the mistake is logged once per render and added as a
 * Faces message for the component, so the rest of the page still works.
 */
final class AuthorErrors {
    private static final Logger LOG = Logger.getLogger(AuthorErrors.class.getName());

    private AuthorErrors() {
    }

    /** Reports {@code message} about {@code component}; returns normally only outside the Development stage. */
    static void report(FacesContext context, UIComponent component, String message) {
        String located = message + " (component " + component.getClientId(context) + " in view "
                + (context.getViewRoot() == null ? "?" : context.getViewRoot().getViewId()) + ")";
        if (context.isProjectStage(ProjectStage.Development)) {
            throw new FacesException(located);
        }
        LOG.log(Level.WARNING, located);
        context.addMessage(component.getClientId(context), new FacesMessage(FacesMessage.SEVERITY_ERROR, message, located));
    }

    /** Reports a warning: logged, and a Faces message in the Development stage; the element is still rendered. */
    static void warn(FacesContext context, UIComponent component, String message) {
        String located = message + " (component " + component.getClientId(context) + ")";
        LOG.log(Level.WARNING, located);
        if (context.isProjectStage(ProjectStage.Development)) {
            context.addMessage(component.getClientId(context), new FacesMessage(FacesMessage.SEVERITY_WARN, message, located));
        }
    }

    /** Quotes an author-supplied value for a message: single quotes, control characters escaped, at most 80 characters. */
    static String quote(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < Math.min(text.length(), 80); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(text.length() > 80 ? "...'" : "'").toString();
    }
}
