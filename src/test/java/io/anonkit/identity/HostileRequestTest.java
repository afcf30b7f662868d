package io.anonkit.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.QlikStandIn.Recorded;
import io.anonkit.testing.TestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests as raw bytes through the filter and proxy into a recording Qlik stand-in. Each either reaches the
 * upstream carrying exactly one identity header, equal to the configured one, and no other spelling of a reserved
 * header; or it is refused with the expected 4xx and nothing reaches the upstream.
 */
class HostileRequestTest {
    private static final String IDENTITY = "hdr-usr";
    private static final String USER = "anonymous";
    private static QlikStandIn qlik;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() throws Exception {
        qlik = QlikStandIn.start();
        gateway = GatewayUnderTest.start(TestSettings.defaults()
                .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                .with(SettingKey.ACCESS_PROFILE, "open")
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        qlik.close();
    }

    @BeforeEach
    void forget() {
        qlik.clear();
    }

    /** What a case must produce. */
    sealed interface Expect permits Forwarded, Refused {}

    /** Forwarded as {@code requests} upstream requests, each with the single identity, then {@code check}. */
    record Forwarded(int requests, Consumer<List<Recorded>> check) implements Expect {}

    /** Refused with {@code status}; nothing upstream. */
    record Refused(int status) implements Expect {}

    private static Forwarded forwarded() {
        return new Forwarded(1, r -> {});
    }

    private static Forwarded forwarded(Consumer<Recorded> check) {
        return new Forwarded(1, r -> check.accept(r.get(0)));
    }

    private static Refused refused(int status) {
        return new Refused(status);
    }

    private static String get(String headers) {
        return "GET /qlik/echo HTTP/1.1\r\nHost: kit.example\r\n" + headers + "\r\n";
    }

    private static Arguments hostile(String name, String request, Expect expect) {
        return Arguments.of(name, request, expect);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        // A1-A2: case and duplicates
        cases.add(hostile("A1 identity header, lower case", get("hdr-usr: admin\r\n"), forwarded()));
        cases.add(hostile("A1 identity header, upper case", get("HDR-USR: admin\r\n"), forwarded()));
        cases.add(hostile(
                "A1 X-Qlik-User, lower case", get("x-qlik-user: UserDirectory=X; UserId=admin\r\n"), forwarded()));
        cases.add(hostile(
                "A1 X-Qlik-User, upper case", get("X-QLIK-USER: UserDirectory=X; UserId=admin\r\n"), forwarded()));
        cases.add(hostile(
                "A2 identity header three times in three spellings",
                get("hdr-usr: a\r\nHdr-Usr: b\r\nHDR-USR: c\r\n"),
                forwarded()));
        cases.add(hostile("A2 X-Qlik-User twice", get("X-Qlik-User: a\r\nx-qlik-user: b\r\n"), forwarded()));
        // A3-A4: aliases through punctuation
        cases.add(hostile("A3 identity header with underscore", get("hdr_usr: admin\r\n"), forwarded()));
        cases.add(hostile("A3 X_Qlik_User", get("X_Qlik_User: a\r\n"), forwarded()));
        cases.add(hostile("A3 x-qlik_user", get("x-qlik_user: a\r\n"), forwarded()));
        cases.add(hostile("A3 X_QLIK-USER", get("X_QLIK-USER: a\r\n"), forwarded()));
        cases.add(hostile("A4 X.Qlik.User", get("X.Qlik.User: a\r\n"), forwarded()));
        cases.add(hostile("A4 trailing dot", get("X-Qlik-User.: a\r\nhdr-usr.: b\r\n"), forwarded()));
        cases.add(hostile("A4 tildes", get("X~Qlik~User: a\r\n"), forwarded()));
        cases.add(hostile("A4 no separators", get("XQlikUser: a\r\nhdrusr: b\r\n"), forwarded()));
        cases.add(hostile(
                "A4 other token characters",
                get("hdr!usr: a\r\nhdr#usr: b\r\nhdr'usr: c\r\nhdr|usr: d\r\n"),
                forwarded()));
        // A5: comma-joined values
        cases.add(hostile("A5 comma-joined identity values", get("hdr-usr: anonymous, admin\r\n"), forwarded()));
        cases.add(hostile(
                "A5 comma-joined X-Qlik-User",
                get("X-Qlik-User: UserDirectory=PUBLIC; UserId=anonymous, UserDirectory=X; UserId=admin\r\n"),
                forwarded()));
        // A6-A13: malformed lines
        cases.add(hostile("A6 space before colon", get("hdr-usr : admin\r\n"), refused(400)));
        cases.add(hostile("A6 tab before colon", get("hdr-usr\t: admin\r\n"), refused(400)));
        cases.add(hostile("A7 obs-fold", get("Accept: */*\r\n hdr-usr: admin\r\n"), refused(400)));
        cases.add(hostile(
                "A8 leading space on first header",
                "GET /qlik/echo HTTP/1.1\r\n hdr-usr: admin\r\nHost: kit.example\r\n\r\n",
                refused(400)));
        cases.add(hostile("A9 NUL in name", get("hdr-usr\u0000: admin\r\n"), refused(400)));
        cases.add(hostile("A9 VT in name", get("hdr\u000busr: admin\r\n"), refused(400)));
        cases.add(hostile("A9 CR in name", get("hdr-usr\r: admin\r\n"), refused(400)));
        cases.add(hostile("A10 bare CR in value", get("X-Foo: a\rhdr-usr: admin\r\n"), refused(400)));
        cases.add(hostile("A10 NUL in value", get("X-Foo: a\u0000b\r\n"), refused(400)));
        cases.add(hostile(
                "A11 bare LF line ends",
                "GET /qlik/echo HTTP/1.1\nHost: kit.example\nhdr-usr: admin\n\n",
                forwarded()));
        cases.add(hostile("A12 long s (U+017F) in name", get("X-Qlik-U\u00c5\u00bfer: a\r\n"), refused(400)));
        cases.add(hostile("A12 Kelvin sign in name", get("X-Qli\u00e2\u0084\u00aa-User: a\r\n"), refused(400)));
        cases.add(hostile("A12 Latin-1 letter in name", get("X-Qlik-Us\u00e9r: a\r\n"), refused(400)));
        cases.add(hostile("A13 empty name", get(": x\r\n"), refused(400)));
        cases.add(hostile("A13 no colon", get("hdr-usr\r\n"), refused(400)));
        cases.add(hostile("A14 9 KiB identity value", get("hdr-usr: " + "a".repeat(9 * 1024) + "\r\n"), refused(431)));
        cases.add(hostile(
                "A15 120 small headers and a spoof", get(manyHeaders(120) + "hdr-usr: admin\r\n"), refused(431)));
        // B: hop-by-hop tricks
        cases.add(hostile(
                "B1 Connection names the identity header",
                get("Connection: hdr-usr\r\nhdr-usr: admin\r\n"),
                forwarded()));
        cases.add(hostile(
                "B1 Connection names X-Forwarded-For", get("Connection: X-Forwarded-For, hdr-usr\r\n"), forwarded()));
        cases.add(hostile(
                "B2 Connection names Cookie and Host",
                get("Connection: close, Cookie, Host\r\nCookie: X-Qlik-Session-hdr=s1\r\n"),
                forwarded(r -> {
                    assertPooledSessionCookie(r);
                    assertEquals(List.of("kit.example"), r.values("Host"), "client Host kept");
                })));
        cases.add(hostile(
                "B3 hop-by-hop and h2 headers",
                get(
                        "Keep-Alive: 5\r\nTE: trailers\r\nTrailer: hdr-usr\r\nProxy-Authorization: Basic eA==\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"),
                forwarded(r -> {
                    for (String hop : List.of("Keep-Alive", "TE", "Trailer", "Proxy-Authorization", "HTTP2-Settings")) {
                        assertEquals(List.of(), r.values(hop), hop + " must not reach the upstream");
                    }
                })));
        // C: framing
        cases.add(hostile(
                "C1 CL.TE",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nContent-Length: 6\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /qlik/echo HTTP/1.1\r\nhdr-usr: admin\r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "C2 TE xchunked",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "C2 TE chunked, identity",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "C2 two TE lines",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "C2 TE with VT",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nTransfer-Encoding:\u000bchunked\r\n\r\n0\r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "C3 CL with plus",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nContent-Length: +6\r\n\r\nabcdef",
                refused(400)));
        cases.add(hostile(
                "C3 CL list",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nContent-Length: 6, 6\r\n\r\nabcdef",
                refused(400)));
        cases.add(hostile(
                "C3 empty CL",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nContent-Length: \r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "C3 two CL",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nContent-Length: 6\r\nContent-Length: 7\r\n\r\nabcdefg",
                refused(400)));
        cases.add(hostile(
                "C4 pipelined second request spoofs",
                get("") + get("hdr-usr: admin\r\nX_Qlik_User: x\r\n"),
                new Forwarded(2, r -> {})));
        cases.add(hostile(
                "C5 chunked trailer spoofs",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\nhdr-usr: admin\r\nX-Qlik-User: x\r\n\r\n",
                forwarded(r -> {
                    assertEquals(5, r.bodyBytes(), "body forwarded");
                    assertEquals(List.of(), r.trailers(), "no trailer forwarded");
                })));
        cases.add(hostile(
                "C7 Expect 100-continue with spoof",
                "POST /qlik/upload HTTP/1.1\r\nHost: kit.example\r\nExpect: 100-continue\r\n"
                        + "Content-Length: 5\r\nhdr-usr: admin\r\n\r\nhello",
                forwarded(r -> assertEquals(5, r.bodyBytes()))));
        // D8: h2c upgrade
        cases.add(hostile(
                "D8 h2c upgrade",
                get(
                        "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nConnection: Upgrade, HTTP2-Settings\r\nhdr-usr: admin\r\n"),
                forwarded(r -> assertEquals(List.of(), r.values("Upgrade"), "no upgrade upstream"))));
        // F: targets and paths
        cases.add(hostile(
                "F1 absolute-form to another host",
                "GET http://qps-internal:4243/qrs/about HTTP/1.1\r\nHost: kit.example\r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "F1 absolute-form to the kit keeps the upstream fixed",
                "GET http://kit.example/qlik/echo HTTP/1.1\r\nHost: kit.example\r\nhdr-usr: admin\r\n\r\n",
                forwarded(r -> assertEquals(QlikStandIn.PREFIX + "/echo", r.pathQuery()))));
        cases.add(hostile("F2 ..;/", "GET /qlik/..;/admin HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(400)));
        cases.add(hostile(
                "F2 a/..;/b inside the mount",
                "GET /qlik/a/..;/b HTTP/1.1\r\nHost: kit.example\r\n\r\n",
                refused(400)));
        cases.add(hostile("F2 %2e%2e", "GET /qlik/%2e%2e/x HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(400)));
        cases.add(hostile("F2 double slash", "GET /qlik//x HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(400)));
        cases.add(hostile("F2 encoded slash", "GET /qlik/%2f../x HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(400)));
        cases.add(hostile(
                "F2 double encoding", "GET /qlik/%252e%252e/x HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(400)));
        cases.add(hostile("F2 backslash", "GET /qlik/a\\..\\x HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(400)));
        cases.add(hostile(
                "F2 dot segments that climb out of the prefix upstream",
                "GET /qlik/x/../../qlik/../qlik/y HTTP/1.1\r\nHost: kit.example\r\n\r\n",
                refused(400)));
        cases.add(hostile(
                "F2 single dot segment", "GET /qlik/a/./b HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(400)));
        cases.add(hostile(
                "F3 path parameter on the mount",
                "GET /qlik;jsessionid=x/resources/a.js HTTP/1.1\r\nHost: kit.example\r\nhdr-usr: admin\r\n\r\n",
                forwarded(r -> assertEquals(QlikStandIn.PREFIX + "/resources/a.js", r.pathQuery()))));
        cases.add(hostile(
                "F3 mount name as a prefix of a segment",
                "GET /qlikx/a HTTP/1.1\r\nHost: kit.example\r\n\r\n",
                refused(404)));
        cases.add(hostile(
                "F3 mount name in upper case", "GET /QLIK/a HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(404)));
        cases.add(hostile("F5 TRACE", "TRACE /qlik/echo HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(405)));
        cases.add(hostile("F5 TRACK", "TRACK /qlik/echo HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(405)));
        cases.add(hostile(
                "F5 CONNECT", "CONNECT qps-internal:4243 HTTP/1.1\r\nHost: qps-internal:4243\r\n\r\n", refused(501)));
        cases.add(
                hostile("F5 lower-case method", "get /qlik/echo HTTP/1.1\r\nHost: kit.example\r\n\r\n", refused(405)));
        cases.add(hostile("HTTP/1.0 without Host", "GET /qlik/echo HTTP/1.0\r\nhdr-usr: admin\r\n\r\n", refused(400)));
        cases.add(hostile(
                "two Host headers",
                "GET /qlik/echo HTTP/1.1\r\nHost: kit.example\r\nHost: evil.example\r\n\r\n",
                refused(400)));
        // G: forwarding and override headers
        cases.add(hostile(
                "G1 client forwarding headers",
                get(
                        "X-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Host: evil\r\nX-Forwarded-Proto: https\r\nForwarded: for=1;host=evil\r\nX-Forwarded-Server: evil\r\n"),
                forwarded(r -> {
                    assertEquals(List.of("kit.example"), r.values("X-Forwarded-Host"));
                    assertEquals(List.of("http"), r.values("X-Forwarded-Proto"));
                    assertEquals(List.of(), r.values("X-Forwarded-Server"));
                })));
        cases.add(hostile(
                "G2 aliases of forwarding headers",
                get(
                        "X_Forwarded_Host: evil\r\nX.Forwarded.For: 10.0.0.1\r\nX-Real-IP: 10.0.0.2\r\nTrue-Client-IP: 10.0.0.3\r\nX-Client-IP: 10.0.0.4\r\n"),
                forwarded(r -> assertEquals(List.of(), r.namesWithSkeleton("xrealip")))));
        cases.add(hostile(
                "G3 override headers",
                get(
                        "X-Original-URL: /qrs/about\r\nX-Rewrite-URL: /qrs\r\nX-HTTP-Method-Override: DELETE\r\nX-Forwarded-Prefix: /x\r\n"),
                forwarded(r -> {
                    for (String name : List.of(
                            "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-Forwarded-Prefix")) {
                        assertEquals(List.of(), r.values(name), name + " must not reach the upstream");
                    }
                })));
        cases.add(hostile(
                "Qlik proxy headers",
                get(
                        "X-Qlik-Security: Context=ManagementAccess\r\nX-Qlik-ProxySession: s\r\n"
                                + "X-Qlik-Virtual-Proxy-Prefix: \r\nX-Qlik-Overrides: {}\r\nX-Qlik-Trace: 1\r\nX-Qlik-App: a\r\nX-Qlik-Capabilities: c\r\nX-Qlik-ProxyId: p\r\n"),
                forwarded()));
        cases.add(hostile(
                "Authorization",
                get("Authorization: Basic YWRtaW46YWRtaW4=\r\n"),
                forwarded(r -> assertEquals(List.of(), r.values("Authorization")))));
        cases.add(hostile(
                "H1 site cookies never reach Qlik",
                get("Cookie: JSESSIONID=abc; X-Qlik-Session-hdr=s1; other=1\r\nCookie: theme=dark\r\n"),
                forwarded(HostileRequestTest::assertPooledSessionCookie)));
        cases.add(hostile(
                "xrfkey passes",
                get("X-Qlik-Xrfkey: abcdefghijklmnop\r\n"),
                forwarded(r -> assertEquals(List.of("abcdefghijklmnop"), r.values("X-Qlik-Xrfkey")))));
        cases.add(hostile(
                "unusual header names are dropped",
                get("X_Custom: 1\r\nX.Custom: 2\r\nX-Plain: 3\r\n"),
                forwarded(r -> {
                    assertEquals(List.of(), r.namesWithSkeleton("xcustom"), "unusual names dropped");
                    assertEquals(List.of("3"), r.values("X-Plain"), "plain names forwarded");
                })));
        return cases.stream();
    }

    private static String manyHeaders(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("X-H").append(i).append(": v\r\n");
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestCarriesOnlyTheConfiguredIdentityOrIsRefused(String name, String request, Expect expect)
            throws Exception {
        String responses = gateway.raw(request, expect instanceof Forwarded f ? f.requests() : 1);
        assertNotNull(responses, "no response");
        List<Integer> statuses = statuses(responses);
        List<Recorded> upstream = qlik.requests();
        if (expect instanceof Refused refused) {
            assertEquals(
                    refused.status(),
                    statuses.isEmpty() ? -1 : statuses.get(0),
                    "status of the refusal; responses were: " + responses);
            assertEquals(List.of(), upstream, "a refused request must not reach the upstream");
        } else if (expect instanceof Forwarded forwarded) {
            assertEquals(forwarded.requests(), upstream.size(), "upstream requests; responses were: " + responses);
            assertEquals(
                    forwarded.requests(),
                    statuses.stream().filter(s -> s == 200).count(),
                    "responses: " + responses);
            upstream.forEach(HostileRequestTest::assertSingleConfiguredIdentity);
            forwarded.check().accept(upstream);
        } else {
            fail("unknown expectation");
        }
    }

    /** The invariant: one identity header with the configured value, and no other spelling of any reserved header. */
    /** The one Cookie upstream is the kit's pooled session, never the visitor's cookies or session. */
    static void assertPooledSessionCookie(Recorded request) {
        List<String> cookies = request.values("Cookie");
        assertEquals(1, cookies.size(), request.toString());
        assertTrue(cookies.get(0).matches(QlikStandIn.SESSION_COOKIE + "=[0-9a-f-]{36}"), "pooled session: " + cookies);
    }

    static void assertSingleConfiguredIdentity(Recorded request) {
        assertEquals(List.of(USER), request.values(IDENTITY), "exactly one injected identity in " + request);
        assertEquals(
                List.of(IDENTITY),
                request.namesWithSkeleton("hdrusr"),
                "no alias of the identity header in " + request);
        for (var field : request.fields()) {
            String skeleton = field.getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            assertTrue(
                    !skeleton.startsWith("xqlik") || skeleton.equals("xqlikxrfkey"),
                    () -> "reserved header " + field.getName() + " reached the upstream: " + request);
            assertTrue(
                    !List.of("forwarded", "xrealip", "trueclientip", "xclientip", "authorization")
                            .contains(skeleton),
                    () -> "forwarding header " + field.getName() + " reached the upstream: " + request);
        }
        assertEquals(1, request.values("X-Forwarded-For").size(), "one X-Forwarded-For in " + request);
        assertTrue(
                !request.values("X-Forwarded-For").get(0).contains("10.0.0"),
                "client's X-Forwarded-For leaked: " + request);
        assertEquals(List.of(), request.trailers(), "no trailers upstream");
    }

    private static List<Integer> statuses(String responses) {
        List<Integer> statuses = new ArrayList<>();
        Matcher m = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ").matcher(responses);
        while (m.find()) {
            statuses.add(Integer.parseInt(m.group(1)));
        }
        return statuses;
    }
}
