package io.anonkit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.AdminKit;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestCertificates;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin API of {@code java -jar}: authentication, cross-site refusal, optimistic locking, validation, live apply. */
class AdminApiIT {
    private static final String PASSWORD = "correct horse battery";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static AdminKit running;
    private static QlikStandIn qlik;
    private static KitProcess kit;
    private static AdminClient admin;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        running = AdminKit.start(home, PASSWORD, Map.of());
        qlik = running.qlik();
        kit = running.kit();
        admin = running.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    @Test
    void withoutCredentialsOrWithAWrongPasswordOrUserTheAdminAnswers401() throws Exception {
        // Three wrong passwords at most: five would throttle this address for the other tests (AdminLoginIT covers it).
        Map<AdminClient, String[]> attempts = Map.of(
                new AdminClient(kit.baseUri(), null, null),
                        new String[] {"admin/api/settings", "admin/", "admin/api/audit", "admin/admin.js", "admin"},
                new AdminClient(kit.baseUri(), "admin", "wrong"), new String[] {"admin/api/settings", "admin/"},
                new AdminClient(kit.baseUri(), "root", PASSWORD), new String[] {"admin/api/checklist"});
        for (Map.Entry<AdminClient, String[]> client : attempts.entrySet()) {
            for (String path : client.getValue()) {
                HttpResponse<String> response = client.getKey().get(path);
                assertEquals(401, response.statusCode(), path);
                assertEquals(
                        "basic realm=\"qlik-anon-kit admin\", charset=\"utf-8\"",
                        response.headers()
                                .firstValue("WWW-Authenticate")
                                .orElse("")
                                .toLowerCase(),
                        path);
            }
        }
        assertEquals(
                401,
                new AdminClient(kit.baseUri(), null, null)
                        .send("PUT", "admin/api/settings", "{}", JSON)
                        .statusCode());
        assertEquals(200, admin.get("admin/api/settings").statusCode(), "a correct login clears the failures");
    }

    @Test
    void theAdminPageIsServedWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = admin.get("admin/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>qlik-anon-kit admin</title>"), page.body());
        assertEquals(
                AdminGuardFilter.CONTENT_SECURITY_POLICY,
                page.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void aCrossSiteFormPostOrForeignOriginCannotChangeTheSettings() throws Exception {
        String before = admin.get("admin/api/settings").body();
        String form = "upstream=http%3A%2F%2Fevil.example%2Fhdr";
        assertEquals(
                403,
                admin.send(
                                "POST",
                                "admin/api/settings",
                                form,
                                Map.of(
                                        "Content-Type",
                                        "application/x-www-form-urlencoded",
                                        "Origin",
                                        "https://evil.example",
                                        "Sec-Fetch-Site",
                                        "cross-site"))
                        .statusCode());
        assertEquals(
                415,
                admin.send(
                                "PUT",
                                "admin/api/settings",
                                form,
                                Map.of("Content-Type", "application/x-www-form-urlencoded"))
                        .statusCode());
        assertEquals(
                415,
                admin.send("PUT", "admin/api/settings", "{}", Map.of("Content-Type", "text/plain"))
                        .statusCode());
        HttpResponse<String> foreign = admin.send(
                "PUT",
                "admin/api/settings",
                "{}",
                Map.of("Content-Type", "application/json", "Origin", "https://evil.example"));
        assertEquals(403, foreign.statusCode());
        assertEquals(
                "close", foreign.headers().firstValue("Connection").orElse(""), "the unread body ends the connection");
        assertEquals(
                403,
                admin.send(
                                "PUT",
                                "admin/api/settings",
                                "{}",
                                Map.of("Content-Type", "application/json", "Origin", "null"))
                        .statusCode());
        assertEquals(
                403,
                admin.send(
                                "PUT",
                                "admin/api/settings",
                                "{}",
                                Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "same-site"))
                        .statusCode());
        assertEquals(
                403,
                admin.send(
                                "POST",
                                "admin/api/doctor",
                                "{}",
                                Map.of(
                                        "Content-Type",
                                        "application/json",
                                        "Origin",
                                        "http://" + kit.baseUri().getAuthority() + ".evil.example"))
                        .statusCode());
        assertEquals(before, admin.get("admin/api/settings").body(), "nothing changed");
    }

    @Test
    void aStaleDocumentGets412AndTheCurrentTag() throws Exception {
        HttpResponse<String> read = admin.get("admin/api/settings");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals(
                200,
                admin.change(Map.of("demoSheetId", "sheet-" + System.nanoTime()))
                        .statusCode());
        HttpResponse<String> stale = admin.send(
                "PUT", "admin/api/settings", read.body(), Map.of("Content-Type", "application/json", "If-Match", etag));
        assertEquals(412, stale.statusCode(), stale.body());
        assertEquals(
                "close", stale.headers().firstValue("Connection").orElse(""), "the unread body ends the connection");
        String current =
                admin.get("admin/api/settings").headers().firstValue("ETag").orElseThrow();
        assertEquals(current, stale.headers().firstValue("ETag").orElseThrow());
        assertFalse(current.equals(etag));
        assertTrue(
                stale.body().startsWith("{\"error\":\"Precondition failed: the settings changed since they were read"),
                stale.body());
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of(
                        "upstream",
                        "ftp://qlik.example.com/anon",
                        "'ftp://qlik.example.com/anon' is not an http or"
                                + " https URL; expected an absolute http or https URL of the virtual proxy with its prefix, such as"
                                + " https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        "upstream",
                        "qlik.example.com/anon",
                        "'qlik.example.com/anon' is not an http or https URL;"
                                + " expected an absolute http or https URL of the virtual proxy with its prefix, such as"
                                + " https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        "identityMode",
                        "ticket",
                        "'ticket' is not allowed; expected one of header-static,"
                                + " header-dynamic, x-qlik-user, none"),
                Arguments.of(
                        "identityHeader",
                        "hdr_usr",
                        "'hdr_usr' is not allowed: a header name has 1 to 64 letters,"
                                + " digits and '-' (for example hdr-usr)"),
                Arguments.of(
                        "identityHeader",
                        "hdr usr",
                        "'hdr usr' is not allowed: a header name has 1 to 64 letters,"
                                + " digits and '-' (for example hdr-usr)"),
                Arguments.of(
                        "identityHeader",
                        "X-Qlik-User-Name",
                        "'X-Qlik-User-Name' contains X-Qlik-User, which Qlik"
                                + " reserves: a header-authentication virtual proxy refuses such names (use a name such as hdr-usr)"),
                Arguments.of(
                        "userDirectory",
                        "PÜBLIC",
                        "'P\\u00dcBLIC' is not allowed; expected 1 to 128 visible US-ASCII"
                                + " characters, without space or any of ; , \\ / \" ="),
                Arguments.of(
                        "userId",
                        "any;one",
                        "'any;one' is not allowed; expected 1 to 128 visible US-ASCII"
                                + " characters, without space or any of ; , \\ / \" ="),
                Arguments.of(
                        "allowedHosts",
                        "https://site.example.com",
                        "'https://site.example.com' is not a bare host"
                                + " name; expected names such as site.example.com, comma-separated, without scheme, port or path"),
                Arguments.of(
                        "allowedOrigins",
                        "https://*.example.com",
                        "'https://*.example.com' is not an origin;"
                                + " expected scheme://host[:port] with scheme http or https, such as https://site.example.com,"
                                + " without path, wildcard or trailing slash"),
                Arguments.of(
                        "allowedOrigins",
                        "https://site.example.com/app",
                        "'https://site.example.com/app' is not an"
                                + " origin; expected scheme://host[:port] with scheme http or https, such as"
                                + " https://site.example.com, without path, wildcard or trailing slash"),
                Arguments.of(
                        "cookieSameSite",
                        "Sometimes",
                        "'Sometimes' is not allowed; expected one of Lax, Strict, None, keep"),
                Arguments.of(
                        "cookieSameSite",
                        "None",
                        "'None' requires cookieSecure=always: browsers drop SameSite=None"
                                + " cookies that are not Secure"),
                Arguments.of(
                        "connectTimeout",
                        "10 minutes",
                        "'10 minutes' is not a duration; expected a whole number and"
                                + " a unit (ms, s, m or h), such as 10s, from 100ms to 5m"),
                Arguments.of(
                        "idleTimeout",
                        "2d",
                        "'2d' is not a duration; expected a whole number and a unit (ms, s, m"
                                + " or h), such as 10s, from 1s to 24h"),
                Arguments.of("webSocketIdleTimeout", "25h", "'25h' is out of range; expected from 1s to 24h"),
                Arguments.of(
                        "sessionPoolSize",
                        "6",
                        "'6' is not allowed; expected a whole number from 1 to 5 (Qlik"
                                + " allows one user at most 5 parallel proxy sessions)"),
                Arguments.of("userIdCount", "0", "'0' is not allowed; expected a whole number from 1 to 1000"),
                Arguments.of(
                        "trustStore",
                        "/nonexistent/trust.p12",
                        "cannot read the PKCS12 trust store"
                                + " '/nonexistent/trust.p12' (NoSuchFileException: '/nonexistent/trust.p12'); expected a readable"
                                + " PKCS12 file and its password in ANONKIT_TRUSTSTORE_PASSWORD"),
                Arguments.of(
                        "loaderUrl",
                        "http://cdn.example.com/index.js",
                        "'http://cdn.example.com/index.js' is not an"
                                + " https URL; expected an absolute https URL of the loader, such as"
                                + " https://cdn.jsdelivr.net/npm/@qlik/embed-web-components@1.6.0/dist/index.js, or empty for the"
                                + " bundled copy"),
                Arguments.of("port", "80", "'port' is read once at start-up; set ANONKIT_PORT and restart instead"),
                Arguments.of("userPassword", "x", null));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidFields")
    void eachInvalidFieldGets400WithItsMessageAndNothingChanges(String field, String value, String message)
            throws Exception {
        String before = admin.get("admin/api/settings").body();
        HttpResponse<String> response = admin.change(Map.of(field, value));
        assertEquals(400, response.statusCode(), response.body());
        JsonObject errors = AdminClient.json(response.body()).getJsonObject("errors");
        assertEquals(1, errors.size(), errors.toString());
        if (message != null) {
            assertEquals(message, errors.getString(field));
        } else {
            assertTrue(
                    errors.getString(field)
                            .startsWith("'" + field + "' is not a setting; expected the keys of GET"
                                    + " /admin/api/settings: upstream, identityMode,"),
                    errors.toString());
        }
        assertEquals(before, admin.get("admin/api/settings").body(), "nothing changed");
    }

    @Test
    void everyErrorIsListedAtOnce() throws Exception {
        HttpResponse<String> response = admin.change(Map.of(
                "upstream",
                "nope",
                "identityHeader",
                "X-Qlik-User",
                "sessionPoolSize",
                "9",
                "identityMode",
                "header-dynamic",
                "identityPattern",
                "$id"));
        assertEquals(400, response.statusCode());
        assertEquals(
                "[identityHeader, identityPattern, sessionPoolSize, upstream]",
                AdminClient.json(response.body()).getJsonObject("errors").keySet().stream()
                        .sorted()
                        .toList()
                        .toString());
    }

    @Test
    void aBodyThatIsNotADocumentGets400AndAnOversizedOne413() throws Exception {
        HttpResponse<String> broken = admin.send("PUT", "admin/api/settings", "{\"upstream\":", JSON);
        assertEquals(400, broken.statusCode());
        assertTrue(AdminClient.json(broken.body()).getJsonObject("errors").containsKey("document"), broken.body());
        HttpResponse<String> huge =
                admin.send("PUT", "admin/api/settings", "{\"appId\":\"" + "a".repeat(70_000) + "\"}", JSON);
        assertEquals(413, huge.statusCode());
        assertEquals(
                "close", huge.headers().firstValue("Connection").orElse(""), "the unread body ends the connection");
        HttpResponse<String> array = admin.send("PUT", "admin/api/settings", "{\"userId\":[\"a\"]}", JSON);
        assertEquals(
                "{\"errors\":{\"userId\":\"expected a text value, such as \\\"anonymous\\\", not array\"}}",
                array.body());
    }

    @Test
    void theAssetCacheShowsOnTheStatusAndAnAdminPurgesItAcrossTheOriginGuard() throws Exception {
        qlik.clear();
        String asset = "qlik/resources/assets/admin-purge.js";
        assertEquals(200, admin.send("GET", asset, null, Map.of()).statusCode());
        assertEquals(200, admin.send("GET", asset, null, Map.of()).statusCode());
        JsonObject cache =
                AdminClient.json(admin.get("admin/api/status").body()).getJsonObject("cache");
        assertTrue(cache.getJsonNumber("hits").longValue() >= 1, cache.toString());
        assertTrue(cache.getJsonNumber("entries").longValue() >= 1, cache.toString());
        assertEquals(64L << 20, cache.getJsonNumber("maxBytes").longValue(), cache.toString());
        JsonObject engine =
                AdminClient.json(admin.get("admin/api/status").body()).getJsonObject("engineSessions");
        assertEquals(200, engine.getJsonNumber("budget").longValue(), engine.toString());
        assertEquals(0, engine.getJsonNumber("overflowed").longValue(), engine.toString());
        assertEquals(
                403,
                admin.send("DELETE", "admin/api/cache", null, Map.of("Origin", "https://evil.example"))
                        .statusCode(),
                "a cross-site purge is refused");
        assertEquals(
                401,
                new AdminClient(kit.baseUri(), null, null)
                        .send("DELETE", "admin/api/cache", null, JSON)
                        .statusCode());
        HttpResponse<String> purged = admin.send("DELETE", "admin/api/cache", null, JSON);
        assertEquals(200, purged.statusCode(), purged.body());
        assertTrue(AdminClient.json(purged.body()).getJsonNumber("purged").longValue() >= 1, purged.body());
        assertEquals(200, admin.send("GET", asset, null, Map.of()).statusCode());
        assertEquals(
                2,
                qlik.requests().stream()
                        .filter(r -> r.pathQuery().endsWith("/resources/assets/admin-purge.js"))
                        .count(),
                "asked once, then again after the purge");
    }

    @Test
    void aRefusedPathIsAdoptedInOneStepAuditedLiveAndUndoneInOneStep() throws Exception {
        String page = "qlik/extensions/my-chart/my-chart.js";
        admin.send("DELETE", "admin/api/access", null, JSON);
        qlik.clear();
        assertEquals(404, admin.send("GET", page, null, Map.of()).statusCode());
        JsonObject entry = AdminClient.json(admin.get("admin/api/access").body()).getJsonArray("entries").stream()
                .map(JsonValue::asJsonObject)
                .filter(e -> e.getString("pattern").startsWith("/extensions/"))
                .findFirst()
                .orElseThrow();
        assertEquals("/extensions/my-chart/**", entry.getString("pattern"));

        String adopt =
                "{\"path\":\"" + entry.getString("pattern") + "\",\"method\":\"" + entry.getString("method") + "\"}";
        HttpResponse<String> added = admin.send("POST", "admin/api/access/extra-paths", adopt, JSON);
        assertEquals(200, added.statusCode(), added.body());
        assertEquals(
                "{\"added\":true,\"path\":\"/extensions/my-chart/**\",\"extraPaths\":[\"/extensions/my-chart/**\"]}",
                added.body());
        assertEquals(200, admin.send("GET", page, null, Map.of()).statusCode(), "in force for the next request");
        assertEquals("/hdr/extensions/my-chart/my-chart.js", qlik.onlyRequest().pathQuery());
        assertEquals("/extensions/my-chart/**", admin.settings().getString("extraPaths"));
        JsonObject audited = AdminClient.json(
                        admin.get("admin/api/audit?limit=1").body())
                .getJsonArray("entries")
                .getJsonObject(0);
        assertEquals("admin", audited.getString("actor"));
        assertTrue(audited.getString("at").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), audited.toString());
        assertEquals(
                "[{\"key\":\"extraPaths\",\"before\":\"\",\"after\":\"/extensions/my-chart/**\"}]",
                audited.getJsonArray("changes").toString());

        HttpResponse<String> again =
                admin.send("POST", "admin/api/access/extra-paths", "{\"path\":\"/Extensions/My-Chart/Sub/**\"}", JSON);
        assertEquals(
                "{\"added\":false,\"path\":\"/extensions/my-chart/sub/**\",\"coveredBy\":\"/extensions/my-chart/**\","
                        + "\"extraPaths\":[\"/extensions/my-chart/**\"]}",
                again.body());

        HttpResponse<String> undone =
                admin.send("DELETE", "admin/api/access/extra-paths", "{\"path\":\"/extensions/my-chart/**\"}", JSON);
        assertEquals(200, undone.statusCode(), undone.body());
        assertEquals("{\"removed\":true,\"path\":\"/extensions/my-chart/**\",\"extraPaths\":[]}", undone.body());
        assertEquals(404, admin.send("GET", page, null, Map.of()).statusCode(), "refused again at once");
        assertEquals("", admin.settings().getString("extraPaths"));
        assertTrue(AdminClient.json(admin.get("admin/api/audit?limit=1").body())
                .getJsonArray("entries")
                .getJsonObject(0)
                .getJsonArray("changes")
                .toString()
                .contains("\"before\":\"/extensions/my-chart/**\",\"after\":\"\""));
        HttpResponse<String> gone =
                admin.send("DELETE", "admin/api/access/extra-paths", "{\"path\":\"/extensions/my-chart/**\"}", JSON);
        assertEquals(404, gone.statusCode());
        assertEquals("{\"error\":\"Not found: /extensions/my-chart/** is not one of the extra paths\"}", gone.body());
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("{\"path\":\"/qrs/**\"}", "path", "is not allowed: extra paths never open /qrs"),
                Arguments.of("{\"path\":\"/QRS/about\"}", "path", "is not allowed: extra paths never open /qrs"),
                Arguments.of("{\"path\":\"/qps/user\"}", "path", "is not allowed: extra paths never open /qps"),
                Arguments.of("{\"path\":\"/api/**\"}", "path", "is not allowed: extra paths never open /api"),
                Arguments.of("{\"path\":\"/hub\"}", "path", "is not allowed: extra paths never open /hub"),
                Arguments.of("{\"path\":\"/app/a1\"}", "path", "is not allowed: extra paths never open /app"),
                Arguments.of("{\"path\":\"/internal_windows_authentication/\"}", "path", "is not a path"),
                Arguments.of("{\"path\":\"/%71rs/about\"}", "path", "is not a path"),
                Arguments.of("{\"path\":\"/extensions/../qrs/**\"}", "path", "is not a path"),
                Arguments.of("{\"path\":\"/x/**/y\"}", "path", "is not a path"),
                Arguments.of("{\"path\":\"/**\"}", "path", "is not a path"),
                Arguments.of("{\"path\":\"/resources/a\u2026/**\"}", "path", "is not a path"),
                Arguments.of("{\"path\":\"/extensions/a/**,/qrs/**\"}", "path", "one path pattern at a time"),
                Arguments.of("{\"path\":\"\"}", "path", "expected one path pattern"),
                Arguments.of("{\"path\":[\"/extensions/a\"]}", "path", "expected one path pattern"),
                Arguments.of("{}", "path", "expected one path pattern"),
                Arguments.of(
                        "{\"path\":\"/extensions/a/**\",\"method\":\"POST\"}",
                        "method",
                        "extra paths open GET and HEAD only"),
                Arguments.of(
                        "{\"path\":\"/extensions/a/**\",\"method\":\"get\"}",
                        "method",
                        "extra paths open GET and HEAD only"),
                Arguments.of("[\"/extensions/a/**\"]", "document", "the body is not a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void anAdoptedPathGoesThroughTheValidationOfATypedValue(String body, String field, String message)
            throws Exception {
        String before = admin.get("admin/api/settings").body();
        HttpResponse<String> refused = admin.send("POST", "admin/api/access/extra-paths", body, JSON);
        assertEquals(400, refused.statusCode(), refused.body());
        String error = AdminClient.json(refused.body()).getJsonObject("errors").getString(field);
        assertTrue(error.contains(message), error);
        assertEquals(before, admin.get("admin/api/settings").body(), "nothing changed");
    }

    @Test
    void aCrossSiteRequestCannotAdoptAPath() throws Exception {
        String body = "{\"path\":\"/extensions/a/**\"}";
        assertEquals(
                403,
                admin.send(
                                "POST",
                                "admin/api/access/extra-paths",
                                body,
                                Map.of("Content-Type", "application/json", "Origin", "https://evil.example"))
                        .statusCode());
        assertEquals(
                403,
                admin.send(
                                "POST",
                                "admin/api/access/extra-paths",
                                body,
                                Map.of("Content-Type", "text/plain", "Sec-Fetch-Site", "cross-site"))
                        .statusCode());
        assertEquals(
                415,
                admin.send(
                                "POST",
                                "admin/api/access/extra-paths",
                                "path=/extensions/a/**",
                                Map.of("Content-Type", "application/x-www-form-urlencoded"))
                        .statusCode());
        assertEquals(
                401,
                new AdminClient(kit.baseUri(), null, null)
                        .send("POST", "admin/api/access/extra-paths", body, JSON)
                        .statusCode());
        assertEquals("", admin.settings().getString("extraPaths"));
    }

    @Test
    void aSavedChangeAppliesToTheNextRequestIsAuditedAndSurvivesARestart() throws Exception {
        HttpResponse<String> saved = admin.change(Map.of("userId", "live-visitor", "sessionPool", "off"));
        assertEquals(200, saved.statusCode(), saved.body());
        assertTrue(
                saved.body()
                        .startsWith("{\"saved\":true,\"warnings\":{\"upstream\":\"'" + qlik.virtualProxy()
                                + "' is plain http"),
                saved.body());
        qlik.clear();
        HttpResponse<String> proxied = admin.send("GET", "qlik/resources/hub.js", null, Map.of("hdr-usr", "admin"));
        assertEquals(200, proxied.statusCode());
        assertEquals(java.util.List.of("live-visitor"), qlik.onlyRequest().values("hdr-usr"));

        JsonObject latest = AdminClient.json(
                        admin.get("admin/api/audit?limit=1").body())
                .getJsonArray("entries")
                .getJsonObject(0);
        assertEquals("admin", latest.getString("actor"));
        assertEquals("127.0.0.1", latest.getString("remoteAddress"));
        assertTrue(
                latest.getJsonArray("changes")
                        .toString()
                        .contains("{\"key\":\"userId\",\"before\":\"anonymous\",\"after\":\"live-visitor\"}"),
                latest.toString());

        Path restartHome = Files.createTempDirectory("anonkit-restart");
        Files.copy(home.resolve("settings.json"), restartHome.resolve("settings.json"));
        try (KitProcess again = KitProcess.start(restartHome, Map.of("ANONKIT_ADMIN_PASSWORD", PASSWORD))) {
            JsonObject document = new AdminClient(again.baseUri(), "admin", PASSWORD).settings();
            assertEquals("live-visitor", document.getString("userId"));
            assertEquals(qlik.virtualProxy().toString(), document.getString("upstream"));
        }
        assertEquals(
                200,
                admin.change(Map.of("userId", "anonymous", "sessionPool", "auto"))
                        .statusCode());
    }

    @Test
    void secretsNeverAppearInAnswersTheAuditTrailOrTheLog() throws Exception {
        TestCertificates certificates = TestCertificates.create(Files.createTempDirectory("anonkit-tls"));
        HttpResponse<String> saved = admin.change(Map.of(
                "trustStore", certificates.trustStore().toString(), "trustStorePassword", TestCertificates.PASSWORD));
        assertEquals(200, saved.statusCode(), saved.body());
        JsonObject document = admin.settings();
        assertEquals("(secret)", document.getString("trustStorePassword"));
        assertEquals(200, admin.change(Map.of("appId", "kept-secret")).statusCode(), "(secret) sent back keeps it");
        assertTrue(
                Files.readString(home.resolve("settings.json"))
                        .contains("\"trustStorePassword\": \"" + TestCertificates.PASSWORD + "\""),
                "the saved file keeps the secret itself");
        String audit = admin.get("admin/api/audit").body();
        assertTrue(audit.contains("{\"key\":\"trustStorePassword\",\"before\":\"\",\"after\":\"(secret)\"}"), audit);
        for (String text : new String[] {
            audit,
            admin.get("admin/api/settings").body(),
            admin.get("admin/api/schema").body(),
            Files.readString(home.resolve("audit.jsonl")),
            kit.output()
        }) {
            assertFalse(text.contains(TestCertificates.PASSWORD), "the password leaked into: " + text);
        }
        assertEquals(
                200,
                admin.change(Map.of("trustStore", "", "trustStorePassword", "", "appId", ""))
                        .statusCode());
    }

    @Test
    void theChecklistNamesWhatToEnterInTheQmc() throws Exception {
        JsonObject checklist = AdminClient.json(admin.get("admin/api/checklist").body());
        Map<String, String> values = new java.util.LinkedHashMap<>();
        checklist
                .getJsonArray("items")
                .forEach(item -> values.put(
                        item.asJsonObject().getString("field"),
                        item.asJsonObject().getString("value")));
        assertEquals("hdr", values.get("Prefix"));
        assertEquals("Header authentication static user directory", values.get("Authentication method"));
        assertEquals("hdr-usr", values.get("Header authentication header name"));
        assertEquals("PUBLIC", values.get("Header authentication static user directory"));
        assertEquals("X-Qlik-Session-hdr", values.get("Session cookie header name"));
        assertEquals("127.0.0.1", values.get("Host allow list"));
        assertEquals("(none)", values.get("Additional response headers"));
    }

    /** Reads the password a first start printed. */
    static String printedPassword(String output) {
        Matcher matcher = Pattern.compile(
                        "admin password for user 'admin' \\(shown once; only its hash is kept in [^)]+\\):" + " (\\S+)")
                .matcher(output);
        assertTrue(matcher.find(), output);
        return matcher.group(1);
    }
}
