package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.faces.AssetCacheFilter;
import io.anonkit.faces.LoaderAsset;
import io.anonkit.testing.AdminClient;
import io.anonkit.testing.QlikStandIn;
import java.io.File;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A sample host Faces application ({@code src/test/sample-app}) with its own Mojarra and Weld, its own realm and
 * {@code qlik-anon-kit-library.jar} plus the library's POM dependencies in {@code WEB-INF/lib}, deployed in Jetty
 * (Arquillian): the library's web-fragment brings the tags, the gateway, health and the admin API, and the host's own
 * pages and login keep working.
 */
@ArquillianTest
@RunAsClient
class LibraryJarIT {
    private static QlikStandIn qlik;

    @ArquillianResource
    private URL base;

    private final HttpClient client = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive sampleApplication() throws Exception {
        qlik = QlikStandIn.start();
        System.setProperty(
                "anonkit.home", Files.createTempDirectory("anonkit-library-it").toString());
        System.setProperty("anonkit.upstream", qlik.virtualProxy().toString());
        System.setProperty("anonkit.allowed.apps", "sample-app");
        System.setProperty("anonkit.user.id", "library-visitor");
        WebArchive war = ShrinkWrap.create(WebArchive.class, "sample.war");
        Path app = Path.of("src/test/sample-app");
        war.setWebXML(app.resolve("WEB-INF/web.xml").toFile());
        war.addAsWebInfResource(app.resolve("WEB-INF/beans.xml").toFile(), "beans.xml");
        war.addAsWebInfResource(app.resolve("WEB-INF/jetty-ee10-web.xml").toFile(), "jetty-ee10-web.xml");
        war.addAsWebResource(app.resolve("report.xhtml").toFile(), "report.xhtml");
        war.addAsLibrary(new File(System.getProperty("kit.library.jar", "target/qlik-anon-kit-library.jar")));
        for (String folder : List.of(
                System.getProperty("kit.library.dependencies", "target/library-dependencies"),
                System.getProperty("kit.bundled.implementations", "target/bundled-lib"))) {
            try (Stream<Path> jars = Files.list(Path.of(folder))) {
                jars.forEach(jar -> war.addAsLibrary(jar.toFile()));
            }
        }
        return war;
    }

    @AfterAll
    static void stop() throws Exception {
        for (String name : List.of("anonkit.home", "anonkit.upstream", "anonkit.user.id", "anonkit.allowed.apps")) {
            System.clearProperty(name);
        }
        qlik.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.toURI().resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHostsOwnPageRendersTheTagsWithTheLibrarysDefaults() throws Exception {
        HttpResponse<String> page = get("report.xhtml");
        assertEquals(200, page.statusCode(), page.body());
        String context = base.getPath();
        String host = "http://" + base.getAuthority() + context + "qlik";
        assertTrue(
                page.body()
                        .contains(
                                "<title>Sales report</title><script crossorigin=\"anonymous\" type=\"application/javascript\" src=\""
                                        + context + "anonkit/qlik-embed-web-components/" + LoaderAsset.VERSION
                                        + "/dist/index.js\""),
                page.body());
        assertTrue(page.body().contains(" data-host=\"" + host + "\" data-login-uri=\"" + host + "\""), page.body());
        assertTrue(
                page.body()
                        .contains("<qlik-embed id=\"sales\" ui=\"analytics/chart\" app-id=\"sample-app\""
                                + " object-id=\"sales-by-region\" identity=\""),
                page.body());
        HttpResponse<String> loader =
                get("anonkit/qlik-embed-web-components/" + LoaderAsset.VERSION + "/dist/index.js");
        assertEquals(200, loader.statusCode());
        assertEquals(
                AssetCacheFilter.CACHE_CONTROL,
                loader.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void theLibrarysGatewayStripsClientIdentitiesAndInjectsTheConfiguredOne() throws Exception {
        qlik.clear();
        HttpResponse<String> user = get(
                "qlik/resources/a.js",
                "hdr-usr",
                "admin",
                "X-Qlik-User",
                "UserDirectory=INTERNAL; UserId=sa_repository",
                "Hdr_Usr",
                "admin");
        assertEquals(200, user.statusCode(), user.body());
        assertEquals(404, get("qlik/qps/user").statusCode(), "the library's gateway has the embed profile too");
        QlikStandIn.Recorded request = qlik.onlyRequest();
        assertEquals(List.of("library-visitor"), request.values("hdr-usr"));
        assertEquals(List.of("hdr-usr"), request.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), request.namesWithSkeleton("xqlikuser"));
    }

    @Test
    void healthAndTheAdminApiAnswerUnderTheLibrarysOwnPrefixBehindTheHostsRealm() throws Exception {
        HttpResponse<String> health = get("qlik-anon-kit/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
        java.net.URI kit = base.toURI().resolve("qlik-anon-kit/");
        assertEquals(
                401, new AdminClient(kit, null, null).get("admin/api/settings").statusCode());
        assertEquals(
                403,
                new AdminClient(kit, "sample-user", "sample-user-pw")
                        .get("admin/api/settings")
                        .statusCode());
        AdminClient admin = new AdminClient(kit, "sample-admin", "sample-admin-pw");
        assertEquals("library-visitor", admin.settings().getString("userId"));
        HttpResponse<String> page = admin.get("admin/");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("admin.js"), page.body());
        assertEquals(200, admin.get("admin/admin.js").statusCode());
        HttpResponse<String> crossSite = admin.send(
                "PUT",
                "admin/api/settings",
                "{}",
                Map.of("Content-Type", "application/json", "Origin", "https://evil.example"));
        assertEquals(403, crossSite.statusCode(), crossSite.body());
    }
}
