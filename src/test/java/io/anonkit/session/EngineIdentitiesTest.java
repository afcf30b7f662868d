package io.anonkit.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.client.ClientLimits;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsStore;
import io.anonkit.testing.MemorySettingsRepository;
import io.anonkit.testing.TestSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
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
    private static final int IDENTITIES_PER_HOUR = 6;
    private static final String TOKEN = "[vw]\\.[0-9a-z]+\\.[0-9a-f]{16}\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{22}";
    private static Server server;
    private static URI base;
    private static IdentityTokens tokens;

    /** Answers "first|second": the identity asked for twice in one request, for the scope named by the path. */
    public static final class IdentityServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String scope = request.getPathInfo().substring(1);
            int share = request.getContextPath().equals("/capped") ? IDENTITIES_PER_HOUR : 1000;
            Settings settings = TestSettings.defaults()
                    .with(SettingKey.SELECTION_SCOPE, scope)
                    .with(SettingKey.IDENTITIES_PER_HOUR, share)
                    .build();
            response.getWriter()
                    .print(EngineIdentities.current(request, settings).orElse("-") + "|"
                            + EngineIdentities.current(request, settings).orElse("-"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        // Two applications, each with its own limits: the capped one has a small hourly share of identities.
        MemorySettingsRepository keys = new MemorySettingsRepository();
        ServletContextHandler context = context("/", keys);
        server.setHandler(
                new org.eclipse.jetty.server.handler.ContextHandlerCollection(context, context("/capped", keys)));
        server.start();
        tokens = IdentityTokens.of(context.getServletContext());
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/scope/");
    }

    private static ServletContextHandler context(String path, MemorySettingsRepository keys) {
        ServletContextHandler context = new ServletContextHandler(path);
        context.setSessionHandler(new SessionHandler());
        context.setAttribute(
                SettingsStore.ATTRIBUTE, new SettingsStore(Settings.defaults(), 0, keys, Clock.systemUTC()));
        context.addServlet(new ServletHolder(new IdentityServlet()), "/scope/*");
        // A clock that stands still in the middle of an hour, so the hourly share cannot roll over during the test.
        context.setAttribute(
                ClientLimits.ATTRIBUTE,
                new ClientLimits(
                        Clock.fixed(java.time.Instant.parse("2026-12-01T10:30:00Z"), java.time.ZoneOffset.UTC)));
        return context;
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String[] get(HttpClient visitor, String scope) throws Exception {
        return visitor.send(HttpRequest.newBuilder(base.resolve(scope)).build(), HttpResponse.BodyHandlers.ofString())
                .body()
                .split("\\|");
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
        assertTrue(first[0].matches(TOKEN), first[0]);
        assertTrue(
                tokens.verify(first[0], SelectionScope.VISITOR).isPresent(), "the kit issued it for the visitor scope");
        assertTrue(tokens.verify(first[0], SelectionScope.VIEW).isEmpty(), "and for no other");
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
        assertTrue(tokens.verify(second[0], SelectionScope.VIEW).isPresent(), second[0]);
    }

    @Test
    void beyondItsHourlyShareAClientsPagesGetNoIdentityNeverAPreviousVisitorsOne() throws Exception {
        java.util.List<String> identities = new java.util.ArrayList<>();
        for (int view = 0; view < IDENTITIES_PER_HOUR + 5; view++) {
            // Each page view from a new browser behind the same address, as people behind one NAT are.
            identities.add(newVisitor()
                    .send(
                            HttpRequest.newBuilder(base.resolve("/capped/scope/view"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        java.util.List<String> issued =
                identities.stream().filter(pair -> !pair.startsWith("-")).toList();
        assertEquals(IDENTITIES_PER_HOUR, issued.size(), "the hourly share of new identities: " + identities);
        assertEquals(IDENTITIES_PER_HOUR, new java.util.HashSet<>(issued).size(), "each a new one: " + identities);
        assertEquals(
                java.util.Collections.nCopies(5, "-|-"),
                identities.subList(IDENTITIES_PER_HOUR, identities.size()),
                "then none, for every component of the page alike: the app's shared, read-only engine session");
        for (String pair : issued) {
            String[] both = pair.split("\\|");
            assertEquals(both[0], both[1]);
            assertTrue(tokens.verify(both[0], SelectionScope.VIEW).isPresent(), pair);
        }
    }
}
