package io.anonkit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.AdminKit;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestCertificates;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor of {@code java -jar} against the Qlik stand-in, healthy and broken in the ways real deployments break. */
class DoctorIT {
    private static final String PASSWORD = "doctor-admin-password";
    private static AdminKit running;
    private static QlikStandIn qlik;
    private static AdminClient admin;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        running = AdminKit.start(home, PASSWORD, Map.of("ANONKIT_ALLOWED_APPS", "a1"));
        qlik = running.qlik();
        admin = running.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    @AfterEach
    void heal() throws Exception {
        qlik.refuseUsers(false);
        qlik.hostAllowList();
        assertEquals(
                200,
                admin.change(Map.of(
                                "upstream",
                                qlik.virtualProxy().toString(),
                                "identityHeader",
                                "hdr-usr",
                                "allowedHosts",
                                "",
                                "trustStore",
                                "",
                                "trustStorePassword",
                                ""))
                        .statusCode());
    }

    private static Map<String, JsonObject> doctor() throws Exception {
        HttpResponse<String> response =
                admin.send("POST", "admin/api/doctor", "{}", Map.of("Content-Type", "application/json"));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, JsonObject> checks = new LinkedHashMap<>();
        for (JsonValue check : AdminClient.json(response.body()).getJsonArray("checks")) {
            checks.put(check.asJsonObject().getString("id"), check.asJsonObject());
        }
        return checks;
    }

    private static String verdicts(Map<String, JsonObject> checks) {
        StringBuilder out = new StringBuilder();
        checks.forEach((id, check) ->
                out.append(id).append('=').append(check.getString("status")).append(' '));
        return out.toString().trim();
    }

    @Test
    void aHealthyDeploymentPassesEveryCheckButPlainHttp() throws Exception {
        qlik.hostAllowList("127.0.0.1");
        Map<String, JsonObject> checks = doctor();
        assertEquals(
                "reachable=warn qps-user=pass session-cookie=pass csrf-token=pass qlik-embed=pass"
                        + " host-allow-list=pass loader=pass shared-user=pass analytic-connections=pass",
                verdicts(checks),
                checks.toString());
        assertEquals(
                "Qlik has no analytic connection; the kit refuses every call of an analytic connection in"
                        + " visitors' expressions",
                checks.get("analytic-connections").getString("detail"));
        assertEquals(
                "the shared user sees 1 app(s) in 1 stream(s)",
                checks.get("shared-user").getString("detail"));
        assertEquals(
                "Qlik sees user 'PUBLIC\\\\anonymous'", checks.get("qps-user").getString("detail"));
        assertTrue(checks.get("reachable").getString("detail").endsWith("over plain http"), checks.toString());
    }

    @Test
    void aWrongHeaderNameFailsTheIdentityCheckWithTheFix() throws Exception {
        assertEquals(
                200,
                admin.change(Map.of("identityHeader", "hdr-user", "sessionPool", "off"))
                        .statusCode());
        JsonObject check = doctor().get("qps-user");
        assertEquals("fail", check.getString("status"), check.toString());
        assertEquals("Qlik sees user 'PUBLIC\\\\null'", check.getString("detail"));
        assertTrue(
                check.getString("fix").contains("header authentication with header name hdr-user"), check.toString());
        assertEquals(200, admin.change(Map.of("sessionPool", "auto")).statusCode());
    }

    @Test
    void aSessionCookieNameTheKitDoesNotTakeForQliksFailsTheCookieCheck() throws Exception {
        // "X-Qlik-SessionHdr" starts like Qlik's name but is not X-Qlik-Session or X-Qlik-Session-<suffix>: the kit
        // drops it from requests to Qlik, so every request would open a new session.
        qlik.sessionCookieName("X-Qlik-SessionHdr");
        try {
            assertEquals(200, admin.change(Map.of("sessionPool", "off")).statusCode());
            JsonObject check = doctor().get("session-cookie");
            assertEquals("fail", check.getString("status"), check.toString());
            assertTrue(
                    check.getString("detail").startsWith("cookie 'X-Qlik-SessionHdr' is not named X-Qlik-Session"),
                    check.toString());
        } finally {
            qlik.sessionCookieName(QlikStandIn.SESSION_COOKIE);
            assertEquals(200, admin.change(Map.of("sessionPool", "auto")).statusCode());
        }
    }

    @Test
    void aSharedUserThatSeesMoreAppsThanVisitorsMayOpenIsWarnedAboutAndTheDoctorsSessionsEnd() throws Exception {
        qlik.visible(7, 3);
        try {
            doctor();
            int sessions = qlik.liveSessions();
            JsonObject check = doctor().get("shared-user");
            assertEquals("warn", check.getString("status"), check.toString());
            assertEquals(
                    "the shared user sees 7 app(s) in 3 stream(s), more than the 1 app(s) visitors may open",
                    check.getString("detail"));
            assertEquals(
                    sessions, qlik.liveSessions(), "the sessions the doctor's own questions opened are logged out");
        } finally {
            qlik.visible(1, 1);
        }
    }

    @Test
    void analyticConnectionsAreReportedWithWhatTheKitLetsThrough() throws Exception {
        qlik.analyticConnections(2);
        try {
            JsonObject refused = doctor().get("analytic-connections");
            assertEquals("pass", refused.getString("status"), refused.toString());
            assertEquals(
                    "Qlik has 2 analytic connection(s) (server-side extensions such as R or Python, which run code"
                            + " on their hosts); the kit refuses every call of an analytic connection in visitors' expressions",
                    refused.getString("detail"));
            assertEquals(
                    200, admin.change(Map.of("allowedAnalyticConnections", "R")).statusCode());
            JsonObject allowed = doctor().get("analytic-connections");
            assertEquals("warn", allowed.getString("status"), allowed.toString());
            assertTrue(
                    allowed.getString("detail")
                            .endsWith("the kit lets visitors' expressions call R and refuses the" + " others"),
                    allowed.toString());
        } finally {
            qlik.analyticConnections(0);
            assertEquals(
                    200, admin.change(Map.of("allowedAnalyticConnections", "")).statusCode());
        }
    }

    @Test
    void withoutAnAllowedAppTheHostCheckSaysTheKitRefusesEveryEngineWebSocket() throws Exception {
        assertEquals(200, admin.change(Map.of("allowedApps", "")).statusCode());
        try {
            JsonObject check = doctor().get("host-allow-list");
            assertEquals("fail", check.getString("status"), check.toString());
            assertEquals("set allowedApps (or appId) to the ids of the embedded apps", check.getString("fix"));
        } finally {
            assertEquals(200, admin.change(Map.of("allowedApps", "a1")).statusCode());
        }
    }

    @Test
    void aRefusedUserFails() throws Exception {
        qlik.refuseUsers(true);
        assertEquals(200, admin.change(Map.of("sessionPool", "off")).statusCode());
        JsonObject check = doctor().get("qps-user");
        assertEquals("fail", check.getString("status"), check.toString());
        assertEquals("Qlik refused the user (403)", check.getString("detail"));
        assertEquals(200, admin.change(Map.of("sessionPool", "auto")).statusCode());
    }

    @Test
    void aHostMissingFromQliksAllowListFailsWithTheHostToAdd() throws Exception {
        qlik.hostAllowList("www.example.com");
        JsonObject check = doctor().get("host-allow-list");
        assertEquals("fail", check.getString("status"), check.toString());
        assertEquals("add 127.0.0.1 to the virtual proxy's Host allow list", check.getString("fix"));
    }

    @Test
    void aPublicHostMissingFromTheKitsAllowedHostsFails() throws Exception {
        assertEquals(
                200, admin.change(Map.of("allowedHosts", "www.example.com")).statusCode());
        Map<String, JsonObject> checks = doctor();
        assertEquals("fail", checks.get("host-allow-list").getString("status"), checks.toString());
        assertEquals(
                "add 127.0.0.1 to allowedHosts", checks.get("host-allow-list").getString("fix"));
    }

    @Test
    void anUnreachableUpstreamFailsReachability() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(
                200,
                admin.change(Map.of("upstream", "http://127.0.0.1:" + closedPort + "/hdr"))
                        .statusCode());
        Map<String, JsonObject> checks = doctor();
        assertEquals("fail", checks.get("reachable").getString("status"), checks.toString());
        assertTrue(checks.get("reachable").getString("detail").startsWith("cannot connect: "), checks.toString());
        assertEquals("fail", checks.get("qps-user").getString("status"));
    }

    @Test
    void anUntrustedCertificateFailsWithTheTrustStoreFixAndATrustedOnePasses() throws Exception {
        TestCertificates certificates = TestCertificates.create(Files.createTempDirectory("doctor-tls"));
        try (QlikStandIn tls = QlikStandIn.startTls(certificates.keyStore(), TestCertificates.PASSWORD)) {
            assertEquals(
                    200,
                    admin.change(Map.of("upstream", tls.virtualProxy().toString()))
                            .statusCode());
            JsonObject untrusted = doctor().get("reachable");
            assertEquals("fail", untrusted.getString("status"), untrusted.toString());
            assertTrue(
                    untrusted
                            .getString("fix")
                            .startsWith(
                                    "put the certificate of Qlik's server (or its CA) in a" + " PKCS12 trust store"),
                    untrusted.toString());
            assertEquals(
                    200,
                    admin.change(Map.of(
                                    "trustStore",
                                    certificates.trustStore().toString(),
                                    "trustStorePassword",
                                    TestCertificates.PASSWORD))
                            .statusCode());
            Map<String, JsonObject> trusted = doctor();
            assertEquals("pass", trusted.get("reachable").getString("status"), trusted.toString());
            assertEquals("pass", trusted.get("qps-user").getString("status"), trusted.toString());
        }
    }
}
