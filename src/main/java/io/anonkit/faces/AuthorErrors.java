package io.anonkit.faces;

import jakarta.faces.FacesException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.application.ProjectStage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports a page author's mistake found while rendering, naming the Facelet file and line of the tag (recorded by
 * {@link EmbedTagHandler} when the view is built).
 *
 * <ul>
 *   <li>Development project stage: the page stops with an exception that says the fix and where.</li>
 *   <li>Any other stage (Production, the default of a host application and of the kit's WAR): the element is left out
 *       and an HTML comment stands in its place, saying what and where, so the page's author finds it in the page
 *       source while visitors see the rest of the page; the same line is logged at {@code WARNING}. No Faces message is
 *       queued: rendering has usually passed the page's {@code h:messages} already, so it would show nowhere.</li>
 * </ul>
 */
final class AuthorErrors {
    /** The component attribute holding where the tag is, such as {@code /report.xhtml line 12}. */
    static final String LOCATION = "io.anonkit.faces.location";

    private static final Logger LOG = Logger.getLogger(AuthorErrors.class.getName());

    private AuthorErrors() {}

    /** Reports {@code message} about {@code component}; returns normally only outside the Development stage. */
    static void report(FacesContext context, UIComponent component, String message) throws IOException {
        String located = message + " (" + where(context, component) + ")";
        if (context.isProjectStage(ProjectStage.Development)) {
            throw new FacesException(located);
        }
        LOG.log(Level.WARNING, "left out of the page: " + located);
        context.getResponseWriter().writeComment(" qlik-anon-kit: left out of the page: " + commentSafe(located) + " ");
    }

    /** Reports a warning: logged, and a Faces message in the Development stage; the element is still rendered. */
    static void warn(FacesContext context, UIComponent component, String message) {
        String located = message + " (" + where(context, component) + ")";
        LOG.log(Level.WARNING, located);
        if (context.isProjectStage(ProjectStage.Development)) {
            context.addMessage(
                    component.getClientId(context), new FacesMessage(FacesMessage.SEVERITY_WARN, message, located));
        }
    }

    /** The tag's file and line, or, for a component not built from a tag, its client id and view. */
    static String where(FacesContext context, UIComponent component) {
        Object location = component.getAttributes().get(LOCATION);
        if (location != null) {
            return "at " + location;
        }
        return "component " + component.getClientId(context) + " in view "
                + (context.getViewRoot() == null ? "?" : context.getViewRoot().getViewId());
    }

    /**
     * {@code text} fit for an HTML comment: it cannot end the comment or open markup, whatever an author's expression
     * put into it.
     */
    static String commentSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<'
                    || c == '>'
                    || c == '&'
                    || c == '!'
                    || c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
