package io.anonkit.faces;

import jakarta.faces.component.UIComponent;
import jakarta.faces.view.facelets.ComponentConfig;
import jakarta.faces.view.facelets.ComponentHandler;
import jakarta.faces.view.facelets.FaceletContext;
import jakarta.faces.view.facelets.MetaRuleset;
import jakarta.faces.view.facelets.TagAttribute;
import jakarta.faces.view.facelets.TagAttributeException;
import java.util.Set;

/**
 * The tag handler of every tag in this package: an attribute that is neither declared, standard ({@code id},
 * {@code rendered}, {@code binding}), {@code data-*} nor typed ({@code name___json}) stops the view build with an
 * error naming it, so a misspelt attribute never goes silently missing. {@code data-*} and typed attributes become the
 * component's pass-through attributes.
 */
public class EmbedTagHandler extends ComponentHandler {
    private static final Set<String> STANDARD = Set.of("id", "rendered", "binding");

    /** Creates the handler for one tag occurrence. */
    public EmbedTagHandler(ComponentConfig config) {
        super(config);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected MetaRuleset createMetaRuleset(Class type) {
        MetaRuleset rules = super.createMetaRuleset(type);
        for (TagAttribute attribute : tag.getAttributes().getAll()) {
            if (PassThroughName.isValid(attribute.getLocalName())) {
                rules.ignore(attribute.getLocalName());
            }
        }
        return rules;
    }

    @Override
    public void onComponentCreated(FaceletContext context, UIComponent component, UIComponent parent) {
        if (tag.getLocation() != null) {
            // Where the tag is, for the messages about it while rendering (AuthorErrors).
            component
                    .getAttributes()
                    .put(
                            AuthorErrors.LOCATION,
                            tag.getLocation().getPath() + " line "
                                    + tag.getLocation().getLine());
        }
        Set<String> declared = ((DeclaredComponent) component).declaredAttributes();
        for (TagAttribute attribute : tag.getAttributes().getAll()) {
            String name = attribute.getLocalName();
            if (!attribute.getNamespace().isEmpty() && !attribute.getNamespace().equals(tag.getNamespace())) {
                continue;
            }
            if (declared.contains(name) || STANDARD.contains(name)) {
                continue;
            }
            if (!PassThroughName.isValid(name)) {
                throw new TagAttributeException(
                        tag,
                        attribute,
                        "<" + tag.getQName() + "> has no attribute "
                                + AuthorErrors.quote(name) + "; expected one of " + new java.util.TreeSet<>(declared)
                                + ", data-* or a typed name such as options___json");
            }
            component
                    .getPassThroughAttributes()
                    .put(
                            name,
                            attribute.isLiteral()
                                    ? attribute.getValue()
                                    : attribute.getValueExpression(context, Object.class));
        }
    }
}
