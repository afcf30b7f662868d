package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.Test;

/** The kit's protected-target check answers exactly as Jetty's own, for every spelling an attacker might try. */
class KitWebAppContextTest {
    private static final List<String> SPELLINGS = List.of(
            "/WEB-INF",
            "/WEB-INF/",
            "/WEB-INF/web.xml",
            "/web-inf/web.xml",
            "/Web-Inf/lib/x.jar",
            "/WEB-INF;x/web.xml",
            "/WEB-INF?x",
            "/WEB-INF#x",
            "//WEB-INF/web.xml",
            "///WEB-INF/web.xml",
            "/META-INF/MANIFEST.MF",
            "/meta-inf",
            "/META-INFO",
            "/WEB-INFX/a",
            "/WEB-IN",
            "/",
            "",
            "/qlik/WEB-INF/x",
            "/qlik/resources/echo",
            "/admin/",
            "/WEB-INF\\web.xml",
            "/./WEB-INF/web.xml",
            "/WEB%2DINF/web.xml",
            "/\u212Aeb-inf/x",
            "/WEB-INF/../index.html");

    @Test
    void answersAsJettyForKnownSpellings() {
        WebAppContext jetty = new WebAppContext();
        KitWebAppContext kit = new KitWebAppContext();
        for (String target : SPELLINGS) {
            assertEquals(jetty.isProtectedTarget(target), kit.isProtectedTarget(target), target);
        }
        assertTrue(kit.isProtectedTarget("/web-inf/web.xml"), "letter case does not open WEB-INF");
        assertTrue(kit.isProtectedTarget("//WEB-INF/web.xml"), "a doubled slash does not open WEB-INF");
        assertTrue(kit.isProtectedTarget("/META-INF;x"), "a path parameter does not open META-INF");
        assertFalse(kit.isProtectedTarget("/qlik/resources/echo"));
        assertFalse(kit.isProtectedTarget(null));
    }

    @Test
    void answersAsJettyForRandomPathsAndOtherTargets() {
        WebAppContext jetty = new WebAppContext();
        KitWebAppContext kit = new KitWebAppContext();
        String[] targets = {"/WEB-INF", "/META-INF", "/private"};
        jetty.setProtectedTargets(targets);
        kit.setProtectedTargets(targets);
        Random random = new Random(21);
        String alphabet = "/;?#.-%\\webinfmtaprvWEBINFMTAPRV";
        List<String> candidates = new ArrayList<>(SPELLINGS);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder(random.nextBoolean() ? "/" : "");
            if (random.nextBoolean()) {
                path.append(targets[random.nextInt(targets.length)].substring(1));
            }
            for (int n = random.nextInt(8); n > 0; n--) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            candidates.add(path.toString());
        }
        int protectedCount = 0;
        for (String candidate : candidates) {
            boolean expected = jetty.isProtectedTarget(candidate);
            assertEquals(expected, kit.isProtectedTarget(candidate), candidate);
            protectedCount += expected ? 1 : 0;
        }
        assertTrue(protectedCount > 1000, "the random paths hit protected targets often: " + protectedCount);
    }

    @Test
    void noTargetsProtectNothing() {
        KitWebAppContext kit = new KitWebAppContext();
        kit.setProtectedTargets(new String[0]);
        assertFalse(kit.isProtectedTarget("/WEB-INF/web.xml"));
    }

    @Test
    void requestsToTheProxyMountSkipTheRequestListenersAndEveryOtherRequestRunsThem() throws Exception {
        org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        KitWebAppContext context = new KitWebAppContext();
        context.setContextPath("/");
        context.setBaseResourceAsPath(java.nio.file.Files.createTempDirectory("kit-context"));
        List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        context.addEventListener(new jakarta.servlet.ServletRequestListener() {
            @Override
            public void requestInitialized(jakarta.servlet.ServletRequestEvent event) {
                heard.add("init "
                        + ((jakarta.servlet.http.HttpServletRequest) event.getServletRequest()).getRequestURI());
            }

            @Override
            public void requestDestroyed(jakarta.servlet.ServletRequestEvent event) {
                heard.add("done "
                        + ((jakarta.servlet.http.HttpServletRequest) event.getServletRequest()).getRequestURI());
            }
        });
        jakarta.servlet.http.HttpServlet ok = new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
                    throws java.io.IOException {
                response.getWriter().write("ok");
            }
        };
        context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(ok), "/qlik/*");
        context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(ok), "/page");
        context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(ok), "/qlikx/*");
        server.setHandler(context);
        server.start();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            for (String path : List.of("/qlik/resources/a.js", "/page", "/qlikx/y", "/qlik/app/a1")) {
                java.net.http.HttpResponse<String> answer = client.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort() + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), path);
            }
            io.anonkit.testing.Eventually.await(
                    java.time.Duration.ofSeconds(10), "both ends heard", () -> heard.size() == 4);
            assertEquals(List.of("init /page", "done /page", "init /qlikx/y", "done /qlikx/y"), List.copyOf(heard));
        } finally {
            server.stop();
        }
    }
}
