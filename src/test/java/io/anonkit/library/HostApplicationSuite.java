package io.anonkit.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.HeadlessChromium;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The library quick start's host application on one servlet container, with the minimum settings of the quick start
 * ({@code ANONKIT_UPSTREAM}, {@code ANONKIT_APP_ID}) pointing at the Qlik stand-in: the markup of its own page (a
 * template, a form, {@code <q:script/>} and two {@code <q:embed>}), the gateway inside it, its admin realm, and in
 * Chromium both elements mounting through the gateway and mounting again after an Ajax re-render.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostApplicationSuite {
    /** The app id of the quick start's example settings. */
    static final String APP = "sales-app";

    private QlikStandIn qlik;
    private URI site;
    private ChromeDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Starts the container with {@code war} at {@code /sales-site} and these settings; answers the site's base URL. */
    abstract URI start(Path war, Map<String, String> settings, Map<String, String> adminUsers) throws Exception;

    /** Stops the container. */
    abstract void stop() throws Exception;

    /** What the container printed, for failures. */
    abstract String output();

    @BeforeAll
    void startAll() throws Exception {
        Path war = HostApplication.war();
        qlik = QlikStandIn.start();
        site = start(
                war,
                Map.of(
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_APP_ID",
                        APP,
                        "ANONKIT_HOME",
                        Files.createTempDirectory("anonkit-host-home").toString()),
                Map.of("site-admin", "site-admin-pw"));
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try {
                stop();
            } finally {
                if (qlik != null) {
                    qlik.close();
                }
            }
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(site.resolve(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHostsOwnTemplatedPageRendersTheLoaderAndBothElementsWithTheKitsDefaults() throws Exception {
        HttpResponse<String> page = get("sales.xhtml");
        assertEquals(200, page.statusCode(), page.body() + output());
        String qlikMount = site.resolve("qlik").toString();
        Matcher script = Pattern.compile("<script crossorigin=\"anonymous\" type=\"application/javascript\" src=\""
                        + Pattern.quote(site.getPath())
                        + "anonkit/qlik-embed-web-components/[^\"]+/dist/index.js\" data-host=\""
                        + Pattern.quote(qlikMount) + "\" data-login-uri=\"" + Pattern.quote(qlikMount) + "\"")
                .matcher(page.body());
        assertTrue(script.find(), page.body());
        assertTrue(
                page.body().indexOf("<script crossorigin") < page.body().indexOf("</head>"), "in the template's head");
        assertTrue(
                page.body()
                        .matches("(?s).*<qlik-embed id=\"form:chart\" ui=\"analytics/chart\" app-id=\"" + APP
                                + "\" object-id=\"sales-by-region\" identity=\"v\\.[^\"]+\"></qlik-embed>.*"),
                page.body());
        assertTrue(
                page.body()
                        .matches("(?s).*<qlik-embed id=\"form:selections\" ui=\"analytics/selections\" app-id=\"" + APP
                                + "\" identity=\"v\\.[^\"]+\"></qlik-embed>.*"),
                page.body());
        assertTrue(!page.body().contains("<!-- qlik-anon-kit: left out"), "no author mistake: " + page.body());
    }

    @Test
    void theGatewayInsideTheHostStripsForgedIdentitiesAndInjectsTheConfiguredOne() throws Exception {
        qlik.clear();
        HttpResponse<String> proxied = get(
                "qlik/resources/a.js",
                "hdr-usr",
                "admin",
                "X-Qlik-User",
                "UserDirectory=INTERNAL; UserId=sa_repository",
                "Hdr_Usr",
                "admin");
        assertEquals(200, proxied.statusCode(), proxied.body());
        QlikStandIn.Recorded request = qlik.onlyRequest();
        assertEquals(List.of("anonymous"), request.values("hdr-usr"));
        assertEquals(List.of("hdr-usr"), request.namesWithSkeleton("hdrusr"));
        assertEquals(List.of(), request.namesWithSkeleton("xqlikuser"));
        assertEquals(404, get("qlik/qrs/about").statusCode(), "the embed profile");
        HttpResponse<String> health = get("qlik-anon-kit/health");
        assertEquals(200, health.statusCode());
    }

    @Test
    void theAdminPageAnswersBehindTheHostsOwnRealm() throws Exception {
        URI kit = site.resolve("qlik-anon-kit/");
        assertEquals(
                401, new AdminClient(kit, null, null).get("admin/api/settings").statusCode());
        AdminClient admin = new AdminClient(kit, "site-admin", "site-admin-pw");
        HttpResponse<String> settings = admin.get("admin/api/settings");
        assertEquals(200, settings.statusCode(), settings.body() + output());
        assertEquals(APP, AdminClient.json(settings.body()).getString("appId"));
    }

    @Test
    void inChromiumBothElementsMountThroughTheGatewayAndMountAgainAfterAnAjaxReRender() throws Exception {
        RequiredTool.require(RequiredTool.CHROMIUM, RequiredTool.CHROMEDRIVER);
        browser = HeadlessChromium.start(1280, 900);
        qlik.clear();
        browser.get(site.resolve("sales.xhtml").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(driver -> mounted(driver, false));
        List<WebElement> before = browser.findElements(By.tagName("qlik-embed"));
        assertEquals(2, before.size());
        String identity = before.get(0).getDomAttribute("identity");
        // Marks the elements the page rendered first; the re-render replaces them with new, unmarked ones.
        ((JavascriptExecutor) browser)
                .executeScript("document.querySelectorAll('qlik-embed').forEach(e => e.dataset.first = 'yes');");
        browser.findElement(By.id("form:refresh")).click();
        wait.until(driver -> mounted(driver, true));
        String again = browser.findElement(By.id("form:chart")).getDomAttribute("identity");
        assertTrue(again.matches("v\\.[0-9a-z]+\\.[0-9a-f]{16}\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{22}"), again);
        assertTrue(identity.matches("v\\..+"), identity);
        List<QlikStandIn.Recorded> sockets = qlik.requests().stream()
                .filter(r -> r.pathQuery().contains("/app/" + APP))
                .toList();
        assertTrue(sockets.size() >= 4, "two engine sockets before and two after the re-render: " + sockets);
        for (QlikStandIn.Recorded socket : sockets) {
            assertEquals(List.of("anonymous"), socket.values("hdr-usr"), socket.toString());
        }
        Path screenshots = Path.of("target", "screenshots");
        Files.createDirectories(screenshots);
        Files.write(
                screenshots.resolve("host-app-" + getClass().getSimpleName() + ".png"),
                browser.getScreenshotAs(OutputType.BYTES));
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertEquals(List.of(), severe, "no script error or policy violation");
    }

    /**
     * Whether both elements opened their app through the tunnel ({@code replaced}: and are new ones from a re-render),
     * read in one script so that a re-render cannot swap elements between two reads.
     */
    private static boolean mounted(org.openqa.selenium.WebDriver driver, boolean replaced) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver)
                .executeScript(
                        "const all = [...document"
                                + ".querySelectorAll('qlik-embed')]; return all.length === 2 && all.every(e => e.dataset.engine === 'echoed'"
                                + " && (!arguments[0] || e.dataset.first !== 'yes'));",
                        replaced));
    }
}
