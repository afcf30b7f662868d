package io.anonkit.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SessionSettings.SelectionScope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Engine identities per selection scope, on a real servlet container with real HTTP sessions. */
class EngineIdentitiesTest {
    private static Server server;
    private static URI base;

    /** Answers "first|second": the identity asked for twice in one request, for the scope named by the path. */
    public static final class IdentityServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            SelectionScope scope = SelectionScope.valueOf(request.getPathInfo().substring(1).toUpperCase(java.util.Locale.ROOT));
            response.getWriter().print(EngineIdentities.current(request, scope).orElse("-") + "|"
                    + EngineIdentities.current(request, scope).orElse("-"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setSessionHandler(new SessionHandler());
        context.addServlet(new ServletHolder(new IdentityServlet()), "/scope/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/scope/");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String[] get(HttpClient visitor, String scope) throws Exception {
        return visitor.send(HttpRequest.newBuilder(base.resolve(scope)).build(), HttpResponse.BodyHandlers.ofString())
                .body().split("\\|");
    }

    private static HttpClient newVisitor() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @Test
    void sharedScopeHasNoIdentity() throws Exception {
        assertEquals("-", get(newVisitor(), "shared")[0]);
    }

    @Test
    void visitorScopeKeepsOneIdentityPerVisitor() throws Exception {
        HttpClient alice = newVisitor();
        HttpClient bob = newVisitor();
        String[] first = get(alice, "visitor");
        String[] again = get(alice, "visitor");
        String[] other = get(bob, "visitor");
        assertTrue(first[0].matches("[0-9a-f]{16}"), first[0]);
        assertEquals(first[0], first[1]);
        assertEquals(first[0], again[0], "the same visitor keeps their engine session");
        assertNotEquals(first[0], other[0], "another visitor gets their own");
    }

    @Test
    void viewScopeGivesEachPageViewItsOwnIdentity() throws Exception {
        HttpClient alice = newVisitor();
        String[] first = get(alice, "view");
        String[] second = get(alice, "view");
        assertEquals(first[0], first[1], "every component of one page shares it");
        assertNotEquals(first[0], second[0], "the next page view gets a new one");
    }
}
