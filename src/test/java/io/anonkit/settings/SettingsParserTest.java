package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anonkit.settings.SessionSettings.Pooling;
import io.anonkit.settings.SessionSettings.SelectionScope;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsParserTest {
    private static Settings parse(Map<SettingKey, String> values) {
        return SettingsParser.parse(values::get);
    }

    private static Map<SettingKey, String> values(Object... pairs) {
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((SettingKey) pairs[i], (String) pairs[i + 1]);
        }
        return values;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings settings = Settings.defaults();
        assertEquals(Optional.empty(), settings.upstream());
        assertEquals(IdentityMode.HEADER_STATIC, settings.identityMode());
        assertEquals("hdr-usr", settings.identityHeader());
        assertEquals("$ud\\$id", settings.identityPattern());
        assertEquals("PUBLIC", settings.userDirectory());
        assertEquals("anonymous", settings.userId());
        assertEquals(HostHeader.CLIENT, settings.hostHeader());
        assertEquals(List.of(), settings.allowedHosts());
        assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(60), settings.idleTimeout());
        assertEquals(CookieSecure.AUTO, settings.cookieSecure());
        assertEquals(SameSite.LAX, settings.cookieSameSite());
        assertEquals(UnusualHeaderNames.DROP, settings.unusualHeaderNames());
        assertEquals(Optional.empty(), settings.trustStore());
        assertEquals(new WebSocketSettings(Optional.empty(), Duration.ofMinutes(60)), settings.webSocket());
        assertEquals(new SessionSettings(Pooling.AUTO, 5, 1, SelectionScope.VISITOR), settings.sessions());
        assertEquals(true, settings.sessions().pooled(IdentityMode.HEADER_STATIC));
        assertEquals(false, settings.sessions().pooled(IdentityMode.NONE));
    }

    @Test
    void sessionAndWebSocketSettingsRoundTrip() {
        Settings settings = parse(values(
                SettingKey.WEBSOCKET_ORIGIN,
                "HTTPS://Site.Example:8443",
                SettingKey.SESSION_POOL,
                "ON",
                SettingKey.SESSION_POOL_SIZE,
                "3",
                SettingKey.USER_ID_COUNT,
                "4",
                SettingKey.SELECTION_SCOPE,
                "view",
                SettingKey.WEBSOCKET_IDLE_TIMEOUT,
                "45m"));
        assertEquals(
                Optional.of("https://site.example:8443"), settings.webSocket().origin());
        assertEquals(
                List.of("anonymous1", "anonymous2", "anonymous3", "anonymous4"),
                settings.sessions().userIds("anonymous"));
        assertEquals(settings, SettingsParser.parse(settings.values()::get));
    }

    @Test
    void embedSettingsDefaultToRequestDerivedUrlsAndTheBundledLoader() {
        EmbedSettings embed = Settings.defaults().embed();
        assertEquals(new EmbedSettings(Optional.empty(), Optional.empty(), "", "", "", "", List.of()), embed);
    }

    @Test
    void embedSettingsAreNormalisedAndRoundTrip() {
        Settings settings = parse(values(
                SettingKey.PUBLIC_URL,
                "HTTPS://WWW.Example.com/analytics//",
                SettingKey.LOADER_URL,
                "https://cdn.example.net/npm/@qlik/embed-web-components@1.6.0/dist/index.js",
                SettingKey.APP_ID,
                "6d8bf6e9-1d7d-4b1a-9ddc-3b0d6b8a1f2e",
                SettingKey.DEMO_FIELD_ID,
                "Région de vente"));
        assertEquals(
                Optional.of(URI.create("https://www.example.com/analytics")),
                settings.embed().publicUrl());
        assertEquals("Région de vente", settings.embed().demoFieldId());
        assertEquals(settings, SettingsParser.parse(settings.values()::get));
    }

    @Test
    void valuesRoundTripThroughTheParser() {
        Settings settings = parse(values(
                SettingKey.UPSTREAM,
                "HTTPS://Qlik.Example.com:8443/hdr/",
                SettingKey.IDENTITY_MODE,
                "Header-Dynamic",
                SettingKey.ALLOWED_HOSTS,
                "Site.example.com, other.example",
                SettingKey.IDLE_TIMEOUT,
                "90s",
                SettingKey.HOST_HEADER,
                "Qlik.Example.com:443",
                SettingKey.COOKIE_SAMESITE,
                "none",
                SettingKey.COOKIE_SECURE,
                "ALWAYS"));
        assertEquals(Optional.of(URI.create("https://qlik.example.com:8443/hdr")), settings.upstream());
        assertEquals(List.of("site.example.com", "other.example"), settings.allowedHosts());
        assertEquals(HostHeader.fixed("qlik.example.com:443"), settings.hostHeader());
        assertEquals(settings, SettingsParser.parse(settings.values()::get));
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(
                        SettingKey.PUBLIC_URL,
                        "www.example.com",
                        "'www.example.com' is not an http or https URL; expected the kit's public http or https base URL with its context path, such as https://www.example.com/analytics, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.PUBLIC_URL,
                        "https://www.example.com/?a=b",
                        "'https://www.example.com/?a=b' has user info, a query or a fragment; expected the kit's public http or https base URL with its context path, such as https://www.example.com/analytics, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.LOADER_URL,
                        "http://cdn.example.net/index.js",
                        "'http://cdn.example.net/index.js' is not an https URL; expected an absolute https URL of the loader, such as https://cdn.jsdelivr.net/npm/@qlik/embed-web-components@1.6.0/dist/index.js, or empty for the bundled copy"),
                Arguments.of(
                        SettingKey.LOADER_URL,
                        "javascript:alert(1)",
                        "'javascript:alert(1)' is not an https URL; expected an absolute https URL of the loader, such as https://cdn.jsdelivr.net/npm/@qlik/embed-web-components@1.6.0/dist/index.js, or empty for the bundled copy"),
                Arguments.of(
                        SettingKey.APP_ID,
                        "abc\ndef",
                        "'abc\\u000adef' is not allowed; expected at most 256 characters without control characters, such as an app id like 6d8bf6e9-1d7d-4b1a-9ddc-3b0d6b8a1f2e"),
                Arguments.of(
                        SettingKey.UPSTREAM,
                        "qlik.example.com/hdr",
                        "'qlik.example.com/hdr' is not an http or https URL; expected an absolute http or https URL of the virtual proxy with its prefix, such as https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.UPSTREAM,
                        "ftp://q/hdr",
                        "'ftp://q/hdr' is not an http or https URL; expected an absolute http or https URL of the virtual proxy with its prefix, such as https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.UPSTREAM,
                        "https://u:p@q/hdr",
                        "'https://u:p@q/hdr' has user info, a query or a fragment; expected an absolute http or https URL of the virtual proxy with its prefix, such as https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.UPSTREAM,
                        "https://q/hdr?x=1",
                        "'https://q/hdr?x=1' has user info, a query or a fragment; expected an absolute http or https URL of the virtual proxy with its prefix, such as https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.UPSTREAM,
                        "https://q/a/../hdr",
                        "'https://q/a/../hdr' has a dot segment, a ';' or a percent-encoding in its path; expected an absolute http or https URL of the virtual proxy with its prefix, such as https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.UPSTREAM,
                        "https://q /hdr",
                        "'https://q /hdr' is not a URL; expected an absolute http or https URL of the virtual proxy with its prefix, such as https://qlik.example.com/anon, without user info, query or fragment"),
                Arguments.of(
                        SettingKey.IDENTITY_MODE,
                        "anonymous",
                        "'anonymous' is not allowed; expected one of header-static, header-dynamic, x-qlik-user, none"),
                Arguments.of(
                        SettingKey.IDENTITY_HEADER,
                        "X-Qlik-Userheader",
                        "'X-Qlik-Userheader' contains X-Qlik-User, which Qlik reserves: a header-authentication virtual proxy refuses such names (use a name such as hdr-usr)"),
                Arguments.of(
                        SettingKey.IDENTITY_HEADER,
                        "my-x-qlik-proxyid",
                        "'my-x-qlik-proxyid' contains X-Qlik-ProxyId, which Qlik reserves: a header-authentication virtual proxy refuses such names (use a name such as hdr-usr)"),
                Arguments.of(
                        SettingKey.IDENTITY_HEADER,
                        "hdr_usr",
                        "'hdr_usr' is not allowed: a header name has 1 to 64 letters, digits and '-' (for example hdr-usr)"),
                Arguments.of(
                        SettingKey.IDENTITY_HEADER,
                        "hdr usr",
                        "'hdr usr' is not allowed: a header name has 1 to 64 letters, digits and '-' (for example hdr-usr)"),
                Arguments.of(
                        SettingKey.IDENTITY_HEADER,
                        "Cookie",
                        "'Cookie' is a header that browsers, HTTP or the kit itself use, so it cannot carry the identity (use a name such as hdr-usr)"),
                Arguments.of(
                        SettingKey.IDENTITY_HEADER,
                        "X-Forwarded-User",
                        "'X-Forwarded-User' is a header that browsers, HTTP or the kit itself use, so it cannot carry the identity (use a name such as hdr-usr)"),
                Arguments.of(
                        SettingKey.USER_ID,
                        "anon ymous",
                        "'anon ymous' is not allowed; expected 1 to 128 visible US-ASCII characters, without space or any of ; , \\ / \" ="),
                Arguments.of(
                        SettingKey.USER_ID,
                        "anonymous; UserId=admin",
                        "'anonymous; UserId=admin' is not allowed; expected 1 to 128 visible US-ASCII characters, without space or any of ; , \\ / \" ="),
                Arguments.of(
                        SettingKey.USER_ID,
                        "\u00e4nonymous",
                        "'\\u00e4nonymous' is not allowed; expected 1 to 128 visible US-ASCII characters, without space or any of ; , \\ / \" ="),
                Arguments.of(
                        SettingKey.USER_DIRECTORY,
                        "",
                        "'' is not allowed; expected 1 to 128 visible US-ASCII characters, without space or any of ; , \\ / \" ="),
                Arguments.of(
                        SettingKey.HOST_HEADER,
                        "https://q",
                        "'https://q' is not allowed; expected client, upstream, or a fixed host[:port] such as qlik.example.com:443"),
                Arguments.of(
                        SettingKey.HOST_HEADER,
                        "q:99999",
                        "'q:99999' is not allowed; expected client, upstream, or a fixed host[:port] such as qlik.example.com:443"),
                Arguments.of(
                        SettingKey.ALLOWED_HOSTS,
                        "site.example.com,https://evil",
                        "'https://evil' is not a bare host name; expected names such as site.example.com, comma-separated, without scheme, port or path"),
                Arguments.of(
                        SettingKey.ALLOWED_HOSTS,
                        "*.example.com",
                        "'*.example.com' is not a bare host name; expected names such as site.example.com, comma-separated, without scheme, port or path"),
                Arguments.of(
                        SettingKey.CONNECT_TIMEOUT,
                        "10",
                        "'10' is not a duration; expected a whole number and a unit (ms, s, m or h), such as 10s, from 100ms to 5m"),
                Arguments.of(SettingKey.CONNECT_TIMEOUT, "10m", "'10m' is out of range; expected from 100ms to 5m"),
                Arguments.of(SettingKey.IDLE_TIMEOUT, "500ms", "'500ms' is out of range; expected from 1s to 24h"),
                Arguments.of(
                        SettingKey.COOKIE_SECURE, "yes", "'yes' is not allowed; expected one of auto, always, never"),
                Arguments.of(
                        SettingKey.COOKIE_SAMESITE,
                        "Loose",
                        "'Loose' is not allowed; expected one of Lax, Strict, None, keep"),
                Arguments.of(
                        SettingKey.COOKIE_SAMESITE,
                        "None",
                        "'None' requires cookieSecure=always: browsers drop SameSite=None cookies that are not Secure"),
                Arguments.of(
                        SettingKey.UNUSUAL_HEADER_NAMES, "keep", "'keep' is not allowed; expected one of drop, reject"),
                Arguments.of(SettingKey.TRUSTSTORE_TYPE, "PEM", "'PEM' is not allowed; expected one of PKCS12, JKS"),
                Arguments.of(
                        SettingKey.SESSION_POOL_SIZE,
                        "6",
                        "'6' is not allowed; expected a whole number from 1 to 5 (Qlik allows one user at most 5 parallel proxy sessions)"),
                Arguments.of(
                        SettingKey.SESSION_POOL_SIZE,
                        "0",
                        "'0' is not allowed; expected a whole number from 1 to 5 (Qlik allows one user at most 5 parallel proxy sessions)"),
                Arguments.of(
                        SettingKey.USER_ID_COUNT,
                        "many",
                        "'many' is not allowed; expected a whole number from 1 to 1000"),
                Arguments.of(
                        SettingKey.SESSION_POOL,
                        "sometimes",
                        "'sometimes' is not allowed; expected one of auto, on, off"),
                Arguments.of(
                        SettingKey.SELECTION_SCOPE,
                        "global",
                        "'global' is not allowed; expected one of shared, visitor, view"),
                Arguments.of(
                        SettingKey.WEBSOCKET_ORIGIN,
                        "https://*.example.com",
                        "'https://*.example.com' is not an origin; expected scheme://host[:port] with scheme http or https, such as https://site.example.com, without path, wildcard or trailing slash"),
                Arguments.of(
                        SettingKey.WEBSOCKET_ORIGIN,
                        "https://site.example.com/",
                        "'https://site.example.com/' is not an origin; expected scheme://host[:port] with scheme http or https, such as https://site.example.com, without path, wildcard or trailing slash"),
                Arguments.of(
                        SettingKey.WEBSOCKET_IDLE_TIMEOUT, "25h", "'25h' is out of range; expected from 1s to 24h"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidValues")
    void invalidValueGetsAMessageNamingItAndWhatIsAllowed(SettingKey key, String value, String message) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> parse(values(key, value)));
        assertEquals(Map.of(key, message), e.errors());
    }

    @Test
    void dynamicPatternNeedsBothPlaceholders() {
        InvalidSettingsException e = assertThrows(
                InvalidSettingsException.class,
                () -> parse(values(SettingKey.IDENTITY_MODE, "header-dynamic", SettingKey.IDENTITY_PATTERN, "$id")));
        assertEquals(
                Map.of(SettingKey.IDENTITY_PATTERN, "'$id' must contain both $ud and $id, as in $ud\\$id"), e.errors());
    }

    @Test
    void headerRulesDoNotApplyWhenNoHeaderIsNamed() {
        Settings settings =
                parse(values(SettingKey.IDENTITY_MODE, "x-qlik-user", SettingKey.IDENTITY_HEADER, "X-Qlik-User"));
        assertEquals(IdentityMode.X_QLIK_USER, settings.identityMode());
    }

    @Test
    void severalUserIdsNeedThePool() {
        InvalidSettingsException e = assertThrows(
                InvalidSettingsException.class,
                () -> parse(values(SettingKey.USER_ID_COUNT, "3", SettingKey.SESSION_POOL, "off")));
        assertEquals(
                "'3' needs the session pool: several user ids only work when sessionPool is on (or auto, with an"
                        + " identity mode other than none)",
                e.errors().get(SettingKey.USER_ID_COUNT));
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        InvalidSettingsException e = assertThrows(
                InvalidSettingsException.class,
                () -> parse(values(
                        SettingKey.UPSTREAM,
                        "nope",
                        SettingKey.IDENTITY_HEADER,
                        "X-Qlik-User",
                        SettingKey.IDLE_TIMEOUT,
                        "forever")));
        assertEquals(
                List.of(SettingKey.UPSTREAM, SettingKey.IDENTITY_HEADER, SettingKey.IDLE_TIMEOUT),
                List.copyOf(e.errors().keySet()));
        assertEquals(
                true,
                e.getMessage().startsWith("invalid settings: ANONKIT_UPSTREAM (anonkit.upstream): 'nope'"),
                e.getMessage());
    }

    @Test
    void unreadableTrustStoreIsReportedWithoutItsPassword(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("trust.p12");
        Files.writeString(file, "not a key store");
        InvalidSettingsException e = assertThrows(
                InvalidSettingsException.class,
                () -> parse(values(
                        SettingKey.TRUSTSTORE, file.toString(), SettingKey.TRUSTSTORE_PASSWORD, "s3cret-value")));
        String message = e.errors().get(SettingKey.TRUSTSTORE);
        assertEquals(true, message.startsWith("cannot read the PKCS12 trust store '" + file + "'"), message);
        assertEquals(false, e.getMessage().contains("s3cret-value"), "the password must not appear");
    }

    @Test
    void secretsAreMaskedInToString() {
        Settings settings = new Settings(
                Optional.empty(),
                IdentityMode.NONE,
                "hdr-usr",
                "$ud\\$id",
                "PUBLIC",
                "anonymous",
                HostHeader.CLIENT,
                List.of(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                CookieSecure.AUTO,
                SameSite.LAX,
                UnusualHeaderNames.DROP,
                Optional.of(new TrustStore(Path.of("/t.p12"), "hunter2", TrustStore.Type.PKCS12)),
                Settings.defaults().webSocket(),
                Settings.defaults().sessions(),
                Settings.defaults().embed(),
                Settings.defaults().access(),
                Settings.defaults().clients(),
                Settings.defaults().engine(),
                Settings.defaults().cache());
        assertEquals(false, settings.toString().contains("hunter2"), settings.toString());
        assertEquals(true, settings.toString().contains("trustStorePassword=(secret)"), settings.toString());
    }
}
