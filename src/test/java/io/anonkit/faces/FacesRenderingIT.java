package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import java.io.File;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The tags rendered by Mojarra in the packaged WAR (Arquillian, embedded Jetty, Development project stage), with test
 * pages added: exact markup, escaping of hostile values, one script tag per view in the head, build errors for unknown
 * attributes, the exception for {@code authType="anonymous"}, and an Ajax re-render.
 */
@ArquillianTest
@RunAsClient
class FacesRenderingIT {
    private static final String SCRIPT = "<script crossorigin=\"anonymous\" type=\"application/javascript\"";

    @ArquillianResource
    private URL base;

    private final HttpClient client =
            HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        System.setProperty(
                "anonkit.home", Files.createTempDirectory("anonkit-faces-it").toString());
        System.setProperty("anonkit.app.id", "it-app");
        WebArchive war =
                ShrinkWrap.createFromZipFile(WebArchive.class, KitProcess.war().toFile());
        String webXml = Files.readString(Path.of("webapp", "WEB-INF", "web.xml"))
                .replace("<param-value>Production</param-value>", "<param-value>Development</param-value>");
        war.delete("/WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml));
        for (String page : new String[] {"hostile", "anonymous", "unknown", "ajax", "other-app"}) {
            war.addAsWebResource(new File("src/test/faces-pages/" + page + ".xhtml"), "t/" + page + ".xhtml");
        }
        war.addAsWebInfResource(io.anonkit.testing.JettyTestRealm.descriptor(), "jetty-ee10-web.xml");
        return war;
    }

    @AfterAll
    static void clear() {
        System.clearProperty("anonkit.home");
        System.clearProperty("anonkit.app.id");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(base.toURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "no " + start + " in " + text);
        return text.substring(from, text.indexOf(end, from) + end.length());
    }

    @Test
    void hostileValuesAreEscapedAndTheMarkupIsExact() throws Exception {
        HttpResponse<String> page = get("t/hostile.xhtml");
        assertEquals(200, page.statusCode(), page.body());
        String body = page.body();
        assertEquals(
                "<qlik-embed id=\"e\" ui=\"analytics/chart\" app-id=\"it-app\""
                        + " object-id=\"o&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" identity=\"v'1\" data-note=\"a&amp;b&lt;c\""
                        + " data-raw=\"x&amp;quot;y\"></qlik-embed>",
                between(body, "<qlik-embed id=\"e\"", "</qlik-embed>"));
        assertEquals(
                "<qlik-embed id=\"d\" ui=\"analytics/chart\" app-id=\"it-app\" type=\"barchart\""
                        + " dimensions___json=\"[&quot;&lt;/script&gt;&quot;]\" measures___json=\"[&quot;=Sum(\\&quot;x\\&quot;)&quot;]\" identity=\"(visitor)\"></qlik-embed>",
                between(body, "<qlik-embed id=\"d\"", "</qlik-embed>")
                        .replaceFirst(
                                " identity=\"[vw]\\.[0-9a-z]+\\.[0-9a-f]{16}\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{22}\"",
                                " identity=\"(visitor)\""));
        assertTrue(
                body.matches(
                        "(?s).*<qlik-embed id=\"d\"[^>]* identity=\"[vw]\\.[0-9a-z]+\\.[0-9a-f]{16}\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{22}\"></qlik-embed>.*"),
                body);
        assertEquals(
                "<qlik-initial-selections app-id=\"it-app\"><field name=\"Country\" values=\"Sweden;&lt;b&gt;\"></field>"
                        + "</qlik-initial-selections>",
                between(body, "<qlik-initial-selections", "</qlik-initial-selections>"));
    }

    @Test
    void theScriptTagIsWrittenOnceInTheHeadWithTheNonceOfThePolicy() throws Exception {
        HttpResponse<String> page = get("t/hostile.xhtml");
        String body = page.body();
        assertEquals(1, body.split(Pattern.quote(SCRIPT), -1).length - 1, body);
        assertTrue(body.indexOf(SCRIPT) < body.indexOf("</head>"), "in the head: " + body);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher nonce = Pattern.compile("'nonce-([^']+)'").matcher(policy);
        assertTrue(nonce.find(), policy);
        String origin = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
        String context = base.getPath().replaceAll("/$", "");
        assertEquals(
                SCRIPT + " src=\"" + context + "/anonkit/qlik-embed-web-components/" + LoaderAsset.VERSION
                        + "/dist/index.js\" nonce=\"" + nonce.group(1) + "\" data-host=\"" + origin + context
                        + "/qlik\""
                        + " data-login-uri=\"" + origin + context
                        + "/qlik\" data-auth-type=\"windowscookie\"></script>",
                between(body, SCRIPT, "</script>"));
    }

    @Test
    void anonymousAuthTypeStopsTheDevelopmentPageWithTheFix() throws Exception {
        HttpResponse<String> page = get("t/anonymous.xhtml");
        assertEquals(500, page.statusCode());
        assertTrue(
                page.body().contains("authType &#39;anonymous&#39; works only with Qlik Cloud Anonymous Access")
                        || page.body().contains("authType 'anonymous' works only with Qlik Cloud Anonymous Access"),
                page.body());
    }

    @Test
    void anAppThatIsNotOpenToVisitorsStopsTheDevelopmentPageWithTheFix() throws Exception {
        HttpResponse<String> page = get("t/other-app.xhtml");
        assertEquals(500, page.statusCode());
        assertTrue(
                page.body()
                        .replace("&#39;", "'")
                        .contains(
                                "appId 'not-open' is not open to visitors, so its engine"
                                        + " WebSocket would be refused; add it to the kit's allowed apps, ANONKIT_ALLOWED_APPS (anonkit.allowed.apps)"),
                page.body());
        assertTrue(
                page.body().contains("(at /t/other-app.xhtml line "),
                "names the Facelet file and line: " + page.body());
    }

    @Test
    void anUnknownAttributeStopsTheViewBuildNamingIt() throws Exception {
        HttpResponse<String> page = get("t/unknown.xhtml");
        assertEquals(500, page.statusCode());
        assertTrue(
                page.body().contains("has no attribute &#39;objectID&#39;")
                        || page.body().contains("has no attribute 'objectID'"),
                page.body());
    }

    @Test
    void anAjaxReRenderWritesTheElementEscapedInsideItsUpdateAndNoSecondScript() throws Exception {
        String page = get("t/ajax.xhtml").body();
        Matcher state = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
                .matcher(page);
        assertTrue(state.find(), page);
        String form = "form=form&form%3Arefresh=refresh&jakarta.faces.ViewState="
                + URLEncoder.encode(state.group(1), StandardCharsets.UTF_8)
                + "&jakarta.faces.source=form%3Arefresh&jakarta.faces.partial.event=click&jakarta.faces.partial.execute=form%3Arefresh"
                + "&jakarta.faces.partial.render=form%3Apanel&jakarta.faces.behavior.event=action&jakarta.faces.partial.ajax=true";
        HttpResponse<String> partial = client.send(
                HttpRequest.newBuilder(base.toURI().resolve("t/ajax.xhtml"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Faces-Request", "partial/ajax")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, partial.statusCode(), partial.body());
        String update = between(partial.body(), "<update id=\"form:panel\"><![CDATA[", "]]></update>");
        assertTrue(
                update.contains("<qlik-embed id=\"form:chart\" ui=\"classic/chart\" app-id=\"it-app\""
                        + " object-id=\"]]&gt;&lt;/update&gt;\" identity=\"fixed\"></qlik-embed>"),
                update);
        assertEquals(false, partial.body().contains("<script crossorigin"), partial.body());
    }
}
