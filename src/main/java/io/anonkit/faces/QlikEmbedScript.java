package io.anonkit.faces;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.AbortProcessingException;
import jakarta.faces.event.ComponentSystemEvent;
import jakarta.faces.event.ListenerFor;
import jakarta.faces.event.PostAddToViewEvent;

/**
 * The qlik-embed loader's {@code <script>} tag, with the host configuration the loader reads from its {@code data-*}
 * attributes. Wherever it is placed, it moves to the head and is written once per view; the page needs {@code <h:head>}.
 *
 * <pre>{@code
 * <q:script/>   <!-- the kit's loader, data-host pointing at the kit's /qlik mount, windowscookie -->
 * }</pre>
 */
@ListenerFor(systemEventClass = PostAddToViewEvent.class)
public class QlikEmbedScript extends DeclaredComponent {
    /** The component type, as declared in {@code faces-config.xml}. */
    public static final String COMPONENT_TYPE = "io.anonkit.faces.QlikEmbedScript";
    /** The renderer type. */
    public static final String RENDERER_TYPE = "io.anonkit.faces.QlikEmbedScript";

    /** The tag's attributes; each constant's name is the attribute in the taglib. */
    public enum PropertyKeys {
        /** Loader URL. */
        src("src", false),
        /** Qlik host URL, including the virtual proxy prefix. */
        host("data-host", false),
        /** Where the loader sends a visitor without a Qlik session. */
        loginUri("data-login-uri", false),
        /** Authentication type. */
        authType("data-auth-type", false),
        /** Name of a global function returning a JWT (JWT virtual proxies). */
        getAccessToken("data-get-access-token", false),
        /** Name of a host config registered with {@code @qlik/api}. */
        hostConfig("data-host-config", false),
        /** Where the loader fetches {@code qlik-embed/main.js} from instead of the host. */
        embedRuntimeUrl("data-embed-runtime-url", false),
        /** Page-wide default app id. */
        appId("data-app-id", false),
        /** Cross-site cookies for a host on another site; rendered only then. */
        crossSiteCookies("data-cross-site-cookies", false),
        /** Content-Security-Policy nonce. */
        nonce("nonce", false),
        /** OAuth client id (Qlik Cloud). */
        oauthClientId("data-client-id", true),
        /** OAuth redirect page (Qlik Cloud). */
        redirectUri("data-redirect-uri", true),
        /** Web integration id (Qlik Cloud). */
        webIntegrationId("data-web-integration-id", true),
        /** Where OAuth tokens are kept (Qlik Cloud). */
        accessTokenStorage("data-access-token-storage", true),
        /** Redirect to login without confirmation (Qlik Cloud). */
        autoRedirect("data-auto-redirect", true),
        /** Anonymous access code (Qlik Cloud). */
        accessCode("data-access-code", true),
        /** API key (Qlik Cloud). */
        apiKey("data-api-key", true),
        /** Global function replacing the authorize button (Qlik Cloud). */
        authRedirectUserConfirmation("data-auth-redirect-user-confirmation", true);

        private final String html;
        private final boolean cloudOnly;

        PropertyKeys(String html, boolean cloudOnly) {
            this.html = html;
            this.cloudOnly = cloudOnly;
        }

        /** The attribute written on the script tag. */
        public String html() {
            return html;
        }

        /** Whether only Qlik Cloud reads it. */
        public boolean cloudOnly() {
            return cloudOnly;
        }
    }

    /** Creates the component with its renderer. */
    public QlikEmbedScript() {
        super(RENDERER_TYPE, PropertyKeys.class);
    }

    /** Moves the tag into the head, like {@code <h:outputScript target="head">}. */
    @Override
    public void processEvent(ComponentSystemEvent event) throws AbortProcessingException {
        if (!(event instanceof PostAddToViewEvent)) {
            super.processEvent(event);
            return;
        }
        FacesContext context = event.getFacesContext();
        UIComponent parent = getParent();
        if (parent != null
                && parent.getParent() == context.getViewRoot()
                && "jakarta_faces_location_HEAD".equals(parent.getId())) {
            return;
        }
        context.getViewRoot().addComponentResource(context, this, "head");
    }
}
