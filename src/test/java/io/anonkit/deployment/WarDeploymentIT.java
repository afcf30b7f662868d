package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged WAR deployed by Arquillian into embedded Jetty 12 (ee10) with Weld, as a host container would deploy it:
 * CDI injects the settings store into a servlet, a settings change fires a CDI event, and the gateway uses the new
 * settings on the next request.
 */
@ArquillianTest
@RunAsClient
class WarDeploymentIT {
    private static QlikStandIn qlik;
    private static Path home;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        qlik = QlikStandIn.start();
        home = Files.createTempDirectory("anonkit-war-it");
        System.setProperty("anonkit.upstream", qlik.virtualProxy().toString());
        // The test reads the injected identity back from the stand-in's /qps/user, which the embed profile refuses.
        System.setProperty("anonkit.access.profile", "open");
        System.setProperty("anonkit.home", home.toString());
        return ShrinkWrap.createFromZipFile(WebArchive.class, KitProcess.war().toFile())
                .addClasses(SettingsProbeServlet.class, SettingsChangeRecorder.class)
                .addAsWebInfResource(io.anonkit.testing.JettyTestRealm.descriptor(), "jetty-ee10-web.xml");
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("anonkit.upstream");
        System.clearProperty("anonkit.access.profile");
        System.clearProperty("anonkit.home");
        qlik.close();
    }

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) throws Exception {
        return base.toURI().resolve(path);
    }

    @Test
    void aSettingsChangeThroughTheInjectedStoreFiresACdiEventAndAppliesToTheNextRequest() throws Exception {
        assertEquals(
                "{\"userDirectory\":\"PUBLIC\",\"userId\":\"anonymous\"}",
                send(HttpRequest.newBuilder(uri("qlik/qps/user"))).body());
        assertEquals(
                "replaced",
                send(HttpRequest.newBuilder(uri("test/settings?user=visitor2"))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .body());
        assertEquals(
                "{\"userDirectory\":\"PUBLIC\",\"userId\":\"visitor2\"}",
                send(HttpRequest.newBuilder(uri("qlik/qps/user"))).body());
        assertEquals(
                "[anonymous->visitor2]",
                send(HttpRequest.newBuilder(uri("test/settings"))).body());
        assertTrue(
                Files.readString(home.resolve("settings.json")).contains("\"userId\": \"visitor2\""),
                "the change is saved");
    }

    @Test
    void healthAnswersInTheHostContainer() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("health")));
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
    }
}
