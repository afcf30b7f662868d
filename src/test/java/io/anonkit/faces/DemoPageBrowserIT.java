package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in Debian's headless Chromium, served by {@code java -jar} with the Qlik stand-in as upstream: the
 * bundled loader defines the custom elements, fetches the stand-in's {@code qlik-embed/main.js} through {@code /qlik/}
 * with the injected identity, every UI mounts and opens its engine WebSocket through the tunnel, and the page's strict
 * Content-Security-Policy reports no violation. A screenshot is saved in {@code target/screenshots}.
 */
class DemoPageBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> UIS = List.of(
            "analytics/selections",
            "analytics/chart",
            "analytics/chart",
            "analytics/field",
            "classic/chart",
            "analytics/sheet",
            "classic/app");

    private static QlikStandIn qlik;
    private static KitProcess kit;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(RequiredTool.CHROMIUM, RequiredTool.CHROMEDRIVER);
        qlik = QlikStandIn.start();
        kit = KitProcess.start(
                Files.createTempDirectory("anonkit-browser"),
                Map.of(
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_APP_ID",
                        "demo-app",
                        "ANONKIT_DEMO_OBJECT_ID",
                        "chart-1",
                        "ANONKIT_DEMO_SHEET_ID",
                        "sheet-1",
                        "ANONKIT_DEMO_FIELD_ID",
                        "Country"));
        browser = io.anonkit.testing.HeadlessChromium.start(1280, 1800);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (kit != null) {
            kit.close();
        }
        if (qlik != null) {
            qlik.close();
        }
    }

    private static List<String> consoleLines() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .toList();
    }

    @Test
    void theIndexAndDemoPagesSayNothingOfAMissingQlikWhenQlikIsConnected() throws Exception {
        browser.get(kit.baseUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(driver ->
                        "qlik".equals(driver.findElement(By.tagName("html")).getDomAttribute("data-upstream")));
        assertTrue(!browser.findElement(By.id("no-qlik")).isDisplayed());
        browser.get(kit.baseUri().resolve("demo.xhtml").toString());
        assertEquals(List.of(), browser.findElements(By.id("no-qlik")));
        assertTrue(!browser.getPageSource().contains("No Qlik server"));
    }

    @Test
    void withTheInspectionUpstreamTheIndexAndDemoPagesSayNoQlikIsConnectedWhyAndHowToConnectOne() throws Exception {
        try (KitProcess inspecting = KitProcess.start(
                Files.createTempDirectory("anonkit-browser-inspect"),
                Map.of("ANONKIT_UPSTREAM", "inspect:", "ANONKIT_APP_ID", "demo-app"))) {
            browser.get(inspecting.baseUri().toString());
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(driver -> "inspection"
                            .equals(driver.findElement(By.tagName("html")).getDomAttribute("data-upstream")));
            WebElement index = browser.findElement(By.id("no-qlik"));
            assertTrue(index.isDisplayed());
            assertTrue(index.getText().startsWith("No Qlik server is connected."), index.getText());
            assertTrue(index.getText().contains("ANONKIT_UPSTREAM"), index.getText());

            browser.get(inspecting.baseUri().resolve("demo.xhtml").toString());
            WebElement demo = browser.findElement(By.id("no-qlik"));
            assertTrue(demo.isDisplayed());
            assertTrue(demo.getText().contains("so the boxes below stay empty"), demo.getText());
            assertTrue(demo.getText().contains("set ANONKIT_UPSTREAM to your Qlik virtual proxy"), demo.getText());
            // The loader's runtime is the inspection's script: it says so in the console and before each element.
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(driver -> driver.findElements(By.cssSelector("p.anonkit-inspection"))
                                    .size()
                            == driver.findElements(By.tagName("qlik-embed")).size());
            assertTrue(
                    browser.findElements(By.cssSelector("p.anonkit-inspection")).size() >= 3, "one per element");
            assertTrue(browser.findElement(By.cssSelector("p.anonkit-inspection"))
                    .getText()
                    .startsWith("No Qlik server is connected"));
            List<String> console = consoleLines();
            assertTrue(
                    console.stream().anyMatch(line -> line.contains("no Qlik server is connected")),
                    console.toString());
            assertTrue(console.stream().noneMatch(line -> line.contains("SyntaxError")), console.toString());
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("demo-inspection.png"), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void everyUiMountsThroughTheGatewayUnderAStrictPolicy() throws Exception {
        qlik.clear();
        browser.get(kit.baseUri().resolve("demo.xhtml").toString());
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(driver -> driver.findElements(By.tagName("qlik-embed")).stream()
                        .allMatch(element -> "echoed".equals(element.getDomAttribute("data-engine"))));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve("demo.png"), browser.getScreenshotAs(OutputType.BYTES));

        assertEquals(
                true,
                ((JavascriptExecutor) browser)
                        .executeScript(
                                "return ['qlik-embed','qlik-initial-selections','qlik-app-open-action'].every(n => !!customElements.get(n))"));
        List<WebElement> embeds = browser.findElements(By.tagName("qlik-embed"));
        assertEquals(
                UIS, embeds.stream().map(e -> e.getDomAttribute("data-mounted")).toList(), "each UI mounted");

        List<QlikStandIn.Recorded> mainJs = qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(QlikStandIn.PREFIX + "/qlik-embed/main.js"))
                .toList();
        assertEquals(false, mainJs.isEmpty(), "the loader fetched main.js through /qlik/: " + qlik.requests());
        assertTrue(
                mainJs.stream().allMatch(r -> r.values("hdr-usr").equals(List.of("anonymous"))),
                "main.js requests carry exactly the injected identity: " + mainJs);
        String identity = embeds.get(0).getDomAttribute("identity");
        assertTrue(
                identity.matches("v\\.[0-9a-z]+\\.[0-9a-f]{16}\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{22}"),
                "a visitor identity the kit signed: " + identity);
        String derived = identity.split("\\.")[2];
        List<QlikStandIn.Recorded> handshakes = qlik.requests().stream()
                .filter(r -> r.pathQuery().startsWith(QlikStandIn.PREFIX + "/app/"))
                .collect(Collectors.toList());
        List<String> engine =
                handshakes.stream().map(QlikStandIn.Recorded::pathQuery).toList();
        assertEquals(UIS.size(), engine.size(), "one engine WebSocket per element: " + engine);
        assertTrue(
                handshakes.stream()
                        .allMatch(r -> r.pathQuery()
                                .equals(QlikStandIn.PREFIX + "/app/demo-app/identity/" + derived + "?qlik-csrf-token="
                                        + qlik.csrfTokenOfRequest(r))),
                "Qlik sees the derived identity and each pooled session's own CSRF token only: " + engine);
        assertEquals(
                "true",
                browser.findElement(By.tagName("html")).getDomAttribute("data-qlik-app-opened"),
                "the app-open action called the page's function");

        List<String> violations = consoleLines().stream()
                .filter(line -> line.contains("Content Security Policy"))
                .toList();
        assertEquals(List.of(), violations);
    }

    @Test
    void aViolationOfThePolicyIsSeenByTheBrowserCheck() {
        browser.get(kit.baseUri().resolve("demo.xhtml").toString());
        consoleLines();
        ((JavascriptExecutor) browser)
                .executeScript(
                        "const s = document.createElement('script'); s.src = 'http://127.0.0.2:9/evil.js'; document.head.appendChild(s);");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> consoleLines().stream()
                        .anyMatch(line -> line.contains("Content Security Policy") && line.contains("evil.js")));
    }

    @Test
    void theBundledLoaderIsServedUnderItsVersionWithLongCacheHeaders() throws Exception {
        HttpResponse<String> loader = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(kit.baseUri()
                                        .resolve("anonkit/qlik-embed-web-components/" + LoaderAsset.VERSION
                                                + "/dist/index.js"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, loader.statusCode());
        assertEquals(
                AssetCacheFilter.CACHE_CONTROL,
                loader.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(loader.body().contains("customElements.define(\"qlik-embed\""), "the npm package's dist/index.js");
    }
}
