package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.http.AccessMonitor;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.HeadlessChromium;
import io.anonkit.testing.NodeClient;
import io.anonkit.testing.QixEngine;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import io.anonkit.testing.TestSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Qlik's open-source chart stack, nebula.js {@code @nebula.js/stardust} 7.4.0 with {@code sn-bar-chart} 2.14.0 and
 * {@code sn-table} 2.9.1 on enigma.js 2.15.0 (fetched from the npm registry at test time), renders a bar chart and a
 * table in Debian's headless Chromium through the kit's engine tunnel with the embed profile enforced: the charts draw
 * from the stand-in engine's hypercubes (a screenshot is saved in {@code target/screenshots}), a click on a bar selects
 * that country in the stand-in, and the kit refuses nothing the clients send.
 */
class NebulaChartsIT {
    private static final List<String> PACKAGES = List.of(
            "enigma.js@2.15.0",
            "@nebula.js/stardust@7.4.0",
            "@nebula.js/sn-bar-chart@2.14.0",
            "@nebula.js/sn-table@2.9.1");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void nebulaDrawsAndSelectsThroughTheTunnelWithNoRefusal() throws Exception {
        RequiredTool.require(RequiredTool.NODE, RequiredTool.NPM, RequiredTool.CHROMIUM, RequiredTool.CHROMEDRIVER);
        // sn-table 2.9.1 names stardust ^4.6.2 as its peer; it renders on 7.4.0, which sn-bar-chart needs.
        NodeClient client = NodeClient.install("nebula-client", PACKAGES, "--legacy-peer-deps");
        client.copy(NebulaChartsIT.class, "nebula-page.html", "index.html");
        Server pages = pageServer(client.folder());
        String origin = "http://127.0.0.1:" + ((ServerConnector) pages.getConnectors()[0]).getLocalPort();
        ChromeDriver browser = null;
        try (QlikStandIn qlik = QlikStandIn.start();
                GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.ALLOWED_APPS, "a1")
                        .with(SettingKey.ALLOWED_ORIGINS, origin)
                        .build())) {
            browser = HeadlessChromium.start(1280, 1000);
            QixEngine engine = qlik.webSockets().engine();
            // A visitor's own engine session, as the Faces tags give every page: the app's shared one is read-only.
            String tunnel = gateway.webSocketUri() + "/qlik/app/a1/identity/"
                    + io.anonkit.session.IdentityTokens.of(gateway.servletContext())
                            .issue(io.anonkit.settings.SessionSettings.SelectionScope.VISITOR);
            browser.get(origin + "/index.html?app=a1&engine=" + URLEncoder.encode(tunnel, StandardCharsets.UTF_8));
            ChromeDriver page = browser;
            waitFor(
                    browser,
                    "the page rendered or failed",
                    () -> "yes".equals(body(page, "data-rendered")) || body(page, "data-failed") != null);
            assertEquals("yes", body(browser, "data-rendered"), () -> console(page));
            waitFor(browser, "four bars drawn", () -> bars(page).size() == 4);
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("nebula.png"), browser.getScreenshotAs(OutputType.BYTES));

            // The bars are drawn from the stand-in's hypercube: Sweden 42, Norway 17, Denmark 30, Finland 25.
            List<Map<String, Number>> bars = bars(browser);
            List<Double> heights =
                    bars.stream().map(bar -> bar.get("height").doubleValue()).toList();
            for (int bar = 1; bar < 4; bar++) {
                assertEquals(
                        List.of(42, 17, 30, 25).get(bar) / 42.0,
                        heights.get(bar) / heights.get(0),
                        0.03,
                        "bar " + bar + " of " + heights);
            }
            assertEquals(List.of("Sweden", "Norway", "Denmark", "Finland"), tableCountries(browser));

            // A click on Sweden's bar selects it in the engine; the toolbar's confirm ends the selection.
            Map<String, Number> sweden = bars.get(0);
            new Actions(browser)
                    .moveToLocation(sweden.get("x").intValue(), sweden.get("y").intValue())
                    .click()
                    .perform();
            waitFor(
                    browser,
                    "the bar click reached the engine",
                    () -> methods(engine).contains("SelectHyperCubeValues"));
            confirm(browser);
            waitFor(
                    browser,
                    "the confirmed selection filtered the table",
                    () -> methods(engine).contains("EndSelections")
                            && tableCountries(page).equals(List.of("Sweden")));
            assertEquals(Set.of(0), engine.selectedRows(), "Sweden selected in the engine");
            waitFor(
                    browser,
                    "one bar left after the selection",
                    () -> bars(page).size() == 1);
            Files.write(SCREENSHOTS.resolve("nebula-selected.png"), browser.getScreenshotAs(OutputType.BYTES));

            // A click on Sweden's cell in the table toggles it off again, through the table's own selection call.
            browser.findElement(By.cssSelector(".sn-table-cell[title='Sweden']"))
                    .click();
            waitFor(
                    browser,
                    "the table click reached the engine",
                    () -> methods(engine).contains("SelectHyperCubeCells"));
            confirm(browser);
            waitFor(
                    browser,
                    "the table showing every country again",
                    () -> tableCountries(page).size() == 4);
            assertEquals(Set.of(), engine.selectedRows(), "the selection cleared in the engine");

            // Nothing the clients sent was refused, and each method they sent is one the embed profile allows.
            assertEquals(
                    0,
                    AccessMonitor.of(gateway.servletContext()).refused().values().stream()
                            .mapToLong(Long::longValue)
                            .sum(),
                    () -> AccessMonitor.of(gateway.servletContext()).entries().toString());
            Set<String> sent = new TreeSet<>();
            for (QixEngine.Received received : engine.received()) {
                String type = received.handle() == -1 ? "Global" : received.handle() == 1 ? "Doc" : "GenericObject";
                sent.add(type + "." + received.method());
                assertTrue(
                        EngineMethods.rule(type, received.method())
                                .orElseThrow()
                                .allowedInEmbed(),
                        type + "." + received.method());
            }
            assertTrue(
                    sent.containsAll(List.of(
                            "Global.OpenDoc",
                            "Doc.CreateSessionObject",
                            "Doc.GetAppLayout",
                            "GenericObject.GetLayout",
                            "GenericObject.BeginSelections",
                            "GenericObject.SelectHyperCubeValues",
                            "GenericObject.SelectHyperCubeCells",
                            "GenericObject.EndSelections")),
                    sent.toString());
            Files.writeString(SCREENSHOTS.resolve("nebula-methods.txt"), String.join("\n", sent) + "\n");
        } finally {
            if (browser != null) {
                browser.quit();
            }
            pages.stop();
        }
    }

    /** The bar chart's bars, left to right: centre in page coordinates and height, read from its bar canvas. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Number>> bars(ChromeDriver browser) {
        return (List<Map<String, Number>>) browser.executeScript("""
                const canvas = document.querySelector('#bar canvas[data-key=bar]');
                if (!canvas) { return []; }
                const context = canvas.getContext('2d');
                const { width, height } = canvas;
                const base = context.getImageData(0, height - 2, width, 1).data;
                const bars = [];
                for (let x = 0; x < width; x++) {
                  if (base[x * 4 + 3] === 0) { continue; }
                  let end = x;
                  while (end < width && base[end * 4 + 3] !== 0) { end++; }
                  const middle = Math.floor((x + end) / 2);
                  const column = context.getImageData(middle, 0, 1, height).data;
                  let top = 0;
                  while (top < height && column[top * 4 + 3] === 0) { top++; }
                  const box = canvas.getBoundingClientRect();
                  const scale = box.width / width;
                  bars.push({ x: Math.round(box.left + middle * scale), y: Math.round(box.top + (top + height) / 2 * scale),
                              height: height - top });
                  x = end;
                }
                return bars;
                """);
    }

    /** Confirms the selection with the selection toolbar's button, once nebula.js shows it. */
    private static void confirm(ChromeDriver browser) {
        By button = By.cssSelector("[data-testid=actions-toolbar-confirm]");
        waitFor(
                browser,
                "the selection toolbar's confirm button",
                () -> browser.findElements(button).stream()
                        .anyMatch(element -> element.isDisplayed() && element.isEnabled()));
        browser.findElement(button).click();
    }

    private static List<String> tableCountries(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#table .sn-table-cell[columnindex='0']")).stream()
                .map(cell -> cell.getDomAttribute("title"))
                .toList();
    }

    private static String body(ChromeDriver browser, String attribute) {
        return browser.findElement(By.tagName("body")).getDomAttribute(attribute);
    }

    private static List<String> methods(QixEngine engine) {
        return engine.received().stream().map(QixEngine.Received::method).toList();
    }

    private static String console(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .reduce("", (a, b) -> a + "\n" + b);
    }

    private static void waitFor(ChromeDriver browser, String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(what).until(driver -> condition.getAsBoolean());
    }

    private static Server pageServer(Path root) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(root));
        server.setHandler(files);
        server.start();
        return server;
    }
}
