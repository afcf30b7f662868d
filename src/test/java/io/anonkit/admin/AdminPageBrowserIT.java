package io.anonkit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.AdminKit;
import io.anonkit.testing.HeadlessChromium;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page in Debian's headless Chromium against {@code java -jar}: an admin edits a setting, sees the error next
 * to the field, fixes it, saves, sees the audit entry and runs the doctor; adopts a path observe mode let through and
 * undoes it; all under the page's strict policy. Screenshots are saved as {@code target/screenshots/admin.png} and
 * {@code admin-adopt.png}.
 */
class AdminPageBrowserIT {
    private static final String PASSWORD = "browser-admin-password";
    private static AdminKit running;
    private static QlikStandIn qlik;
    private static KitProcess kit;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(RequiredTool.CHROMIUM, RequiredTool.CHROMEDRIVER);
        running = AdminKit.start(Files.createTempDirectory("anonkit-admin-browser"), PASSWORD, Map.of());
        qlik = running.qlik();
        kit = running.kit();
        browser = HeadlessChromium.start(1280, 4200);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (running != null) {
                running.close();
            }
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void type(String key, String value) {
        WebElement input = browser.findElement(By.id("input-" + key));
        input.clear();
        input.sendKeys(value);
    }

    @Test
    void anAdminEditsSeesTheFieldErrorFixesItSavesAndFindsTheAuditEntry() throws Exception {
        // A visitor tries Qlik's repository API; the page lists the refusal.
        assertEquals(
                404,
                new AdminClient(kit.baseUri(), null, null).get("qlik/qrs/about").statusCode());
        browser.get("http://admin:" + PASSWORD + "@" + kit.baseUri().getAuthority() + "/admin/");
        waiting()
                .until(driver ->
                        "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertEquals(
                qlik.virtualProxy().toString(),
                browser.findElement(By.id("input-upstream")).getDomProperty("value"));
        assertEquals(
                "GET /qrs/about path yes 1 Adopt",
                browser.findElement(By.cssSelector("#access tbody tr[data-reason=path]"))
                        .getText()
                        .replaceFirst(" \\d{4}-\\d\\d-\\d\\dT\\S+ ", " "));
        assertTrue(
                browser.findElement(By.id("access-summary")).getText().startsWith("Profile embed, enforce"),
                browser.findElement(By.id("access-summary")).getText());

        type("userId", "bad user");
        type("allowedOrigins", "https://*.example.com");
        browser.findElement(By.id("save")).click();
        waiting().until(driver -> driver.findElement(By.id("status")).getText().contains("need a fix"));
        assertEquals(
                "2 settings need a fix; nothing was saved.",
                browser.findElement(By.id("status")).getText());
        assertEquals(
                "'bad user' is not allowed; expected 1 to 128 visible US-ASCII characters, without space or any of"
                        + " ; , \\ / \" =",
                browser.findElement(By.id("error-userId")).getText());
        assertTrue(browser.findElement(By.id("field-allowedOrigins"))
                .getDomAttribute("class")
                .contains("invalid"));
        assertEquals(
                "anonymous",
                new AdminClient(kit.baseUri(), "admin", PASSWORD).settings().getString("userId"),
                "nothing saved");

        type("userId", "browser-visitor");
        type("allowedOrigins", "");
        browser.findElement(By.id("save")).click();
        waiting().until(driver -> driver.findElement(By.id("status")).getText().startsWith("Saved"));
        assertEquals("", browser.findElement(By.id("error-userId")).getText());
        waiting()
                .until(driver -> driver.findElement(By.cssSelector("#audit tbody"))
                        .getText()
                        .contains("browser-visitor"));
        List<WebElement> cells = browser.findElements(By.cssSelector("#audit tbody tr:first-child td"));
        assertEquals("admin", cells.get(1).getText());
        assertEquals("userId: \"anonymous\" → \"browser-visitor\"", cells.get(3).getText());
        assertEquals(
                "browser-visitor",
                new AdminClient(kit.baseUri(), "admin", PASSWORD).settings().getString("userId"));

        browser.findElement(By.id("run-doctor")).click();
        waiting()
                .until(driver -> !driver.findElements(By.cssSelector("#doctor tr[data-check=loader]"))
                        .isEmpty());
        assertEquals(
                "pass",
                browser.findElement(By.cssSelector("#doctor tr[data-check=qps-user] td:nth-child(2)"))
                        .getText());
        assertTrue(browser.findElement(By.cssSelector("#checklist tbody"))
                .getText()
                .contains("X-Qlik-Session-hdr"));

        Path screenshots = Path.of("target", "screenshots");
        Files.createDirectories(screenshots);
        Files.write(screenshots.resolve("admin.png"), browser.getScreenshotAs(OutputType.BYTES));
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
        assertEquals(
                List.of(),
                severe,
                "no script errors or Content-Security-Policy violations (the refused save's 400" + " is expected)");
    }

    @Test
    void aPathSeenInObserveModeIsAdoptedInOneClickAndReachesQlikInEnforceModeUntilItIsUndone() throws Exception {
        AdminClient admin = new AdminClient(kit.baseUri(), "admin", PASSWORD);
        AdminClient visitor = new AdminClient(kit.baseUri(), null, null);
        String chart = "qlik/extensions/my-chart/my-chart.js";
        try {
            assertEquals(200, admin.change(Map.of("enforcement", "observe")).statusCode());
            admin.send("DELETE", "admin/api/access", null, Map.of("Content-Type", "application/json"));
            // Observe mode lets the chart's script through and lists it; the repository API is listed too.
            qlik.clear();
            assertEquals(200, visitor.get(chart).statusCode());
            visitor.get("qlik/qrs/about");
            assertEquals(2, qlik.requests().size(), "observe mode forwarded both");

            browser.get("http://admin:" + PASSWORD + "@" + kit.baseUri().getAuthority() + "/admin/");
            waiting()
                    .until(driver ->
                            "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            WebElement seen = browser.findElement(By.cssSelector("#access tr[data-pattern='/extensions/my-chart/**']"));
            assertTrue(seen.getText().startsWith("GET /extensions/my-chart/** path no (observe) 1 "), seen.getText());

            // What may never be opened is refused with the message a typed value gets, and nothing changes.
            browser.findElement(By.cssSelector("#access tr[data-pattern='/qrs/about'] button.adopt"))
                    .click();
            waiting()
                    .until(driver ->
                            driver.findElement(By.id("access-status")).getText().startsWith("Not adopted"));
            assertTrue(
                    browser.findElement(By.id("access-status"))
                            .getText()
                            .contains("is not allowed: extra paths never open /qrs"),
                    browser.findElement(By.id("access-status")).getText());
            assertEquals("", admin.settings().getString("extraPaths"));

            // The list was drawn again after the refused adoption: find the row anew.
            browser.findElement(By.cssSelector("#access tr[data-pattern='/extensions/my-chart/**'] button.adopt"))
                    .click();
            waiting()
                    .until(driver ->
                            driver.findElement(By.id("access-status")).getText().startsWith("Added"));
            assertEquals(
                    "Added /extensions/my-chart/** to the extra paths; visitors can read it from now on. Undo",
                    browser.findElement(By.id("access-status")).getText());
            waiting()
                    .until(driver -> "/extensions/my-chart/**"
                            .equals(driver.findElement(By.id("input-extraPaths"))
                                    .getDomProperty("value")));
            waiting()
                    .until(driver -> driver.findElement(
                                    By.cssSelector("#access tr[data-pattern='/extensions/my-chart/**'] td.action"))
                            .getText()
                            .equals("adopted"));
            waiting()
                    .until(driver -> driver.findElement(By.cssSelector("#audit tbody tr:first-child td:nth-child(4)"))
                            .getText()
                            .equals("extraPaths: \"\" → \"/extensions/my-chart/**\""));
            assertEquals(
                    "admin",
                    browser.findElement(By.cssSelector("#audit tbody tr:first-child td:nth-child(2)"))
                            .getText());

            // The admin switches the site to enforce on the same page: the adopted path reaches Qlik, the rest does
            // not.
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("input-enforcement")))
                    .selectByValue("enforce");
            browser.findElement(By.id("save")).click();
            waiting()
                    .until(driver ->
                            driver.findElement(By.id("status")).getText().startsWith("Saved"));
            qlik.clear();
            assertEquals(200, visitor.get(chart).statusCode());
            assertEquals(
                    "/hdr/extensions/my-chart/my-chart.js", qlik.onlyRequest().pathQuery());
            assertEquals(
                    404,
                    visitor.get("qlik/extensions/other-chart/other-chart.js").statusCode());
            assertEquals(404, visitor.get("qlik/qrs/about").statusCode());
            assertEquals(1, qlik.requests().size(), "only the adopted path reached Qlik");
            Path screenshots = Path.of("target", "screenshots");
            Files.createDirectories(screenshots);
            waiting()
                    .until(driver -> driver.findElement(By.id("access-summary"))
                            .getText()
                            .startsWith("Profile embed, enforce"));
            Files.write(
                    screenshots.resolve("admin-adopt.png"),
                    browser.findElement(By.cssSelector("section[aria-labelledby=access-title]"))
                            .getScreenshotAs(OutputType.BYTES));

            browser.findElement(By.id("undo-adopt")).click();
            waiting()
                    .until(driver ->
                            driver.findElement(By.id("access-status")).getText().startsWith("Removed"));
            assertEquals(404, visitor.get(chart).statusCode(), "undone at once");
            assertEquals("", admin.settings().getString("extraPaths"));

            // An adoption never discards what the admin is typing, and a save of the older form cannot undo it unseen.
            assertEquals(404, visitor.get(chart).statusCode());
            browser.navigate().refresh();
            waiting()
                    .until(driver ->
                            "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            type("demoSheetId", "typed-not-saved");
            browser.findElement(By.cssSelector("#access tr[data-pattern='/extensions/my-chart/**'] button.adopt"))
                    .click();
            waiting()
                    .until(driver ->
                            driver.findElement(By.id("access-status")).getText().startsWith("Added"));
            assertEquals(
                    "typed-not-saved",
                    browser.findElement(By.id("input-demoSheetId")).getDomProperty("value"));
            assertEquals("", browser.findElement(By.id("input-extraPaths")).getDomProperty("value"));
            browser.findElement(By.id("save")).click();
            waiting()
                    .until(driver ->
                            driver.findElement(By.id("status")).getText().startsWith("Precondition failed"));
            assertEquals("/extensions/my-chart/**", admin.settings().getString("extraPaths"), "the adoption stands");
            assertEquals("", admin.settings().getString("demoSheetId"));
            List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .filter(message -> !message.contains("Failed to load resource"))
                    .toList();
            assertEquals(
                    List.of(),
                    severe,
                    "no script errors or policy violations (the refused adoption's 400 is expected)");
        } finally {
            admin.change(Map.of("enforcement", "enforce", "extraPaths", ""));
            admin.send("DELETE", "admin/api/access", null, Map.of("Content-Type", "application/json"));
        }
    }

    @Test
    void theStatusPanelShowsWhatKnownTrafficDidAndRefreshesItself() throws Exception {
        AdminClient visitor = new AdminClient(kit.baseUri(), null, null);
        // Methods the embed profile does not allow on Qlik's resources (405), a refusal reason of its own.
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    405,
                    visitor.send("DELETE", "qlik/resources/hub.js", null, Map.of())
                            .statusCode());
        }
        browser.get("http://admin:" + PASSWORD + "@" + kit.baseUri().getAuthority() + "/admin/");
        waiting()
                .until(driver ->
                        "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        WebElement method =
                waiting().until(driver -> driver.findElement(By.cssSelector("#status-refused tr[data-reason=method]")));
        assertEquals(
                3, Long.parseLong(method.findElements(By.tagName("td")).get(1).getText()));
        assertEquals("0", browser.findElement(By.id("status-tunnels")).getText());
        assertEquals(
                "0 of 200 in use; 0 visitors sent to the shared read-only view since start",
                browser.findElement(By.id("status-engine-sessions")).getText());
        String doctor = browser.findElement(By.id("status-doctor")).getText();
        assertTrue(
                doctor.equals("not run on this node yet") || doctor.matches("\\d+ pass, \\d+ warn, \\d+ fail at \\S+Z"),
                doctor);

        // More refusals and a spoof attempt: the panel shows them on its next refresh, without a reload.
        String updated = browser.findElement(By.id("status-section")).getDomAttribute("data-updated");
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    405,
                    visitor.send("DELETE", "qlik/resources/hub.js", null, Map.of())
                            .statusCode());
        }
        long spoofBefore =
                Long.parseLong(browser.findElement(By.id("status-spoof")).getText());
        visitor.send("GET", "qlik/resources/hub.js", null, Map.of("hdr-usr", "root"));
        waiting()
                .until(driver -> !updated.equals(
                        driver.findElement(By.id("status-section")).getDomAttribute("data-updated")));
        waiting()
                .until(driver -> driver.findElement(
                                By.cssSelector("#status-refused tr[data-reason=method] td:nth-child(2)"))
                        .getText()
                        .equals("5"));
        assertEquals(
                spoofBefore + 1,
                Long.parseLong(browser.findElement(By.id("status-spoof")).getText()));
        assertTrue(
                browser.findElement(By.id("status-sessions")).getText().startsWith("anonymous: "),
                browser.findElement(By.id("status-sessions")).getText());
        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getMessage().contains("Content Security Policy"))
                .toList();
        assertEquals(List.of(), problems, "the panel works under the page's strict policy");
    }
}
