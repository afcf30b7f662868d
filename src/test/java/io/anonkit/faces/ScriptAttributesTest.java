package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anonkit.faces.QlikEmbedScript.PropertyKeys;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptAttributesTest {
    private static final String LOADER = "/ctx/anonkit/qlik-embed-web-components/1.6.0/dist/index.js";
    private final List<String> warnings = new ArrayList<>();

    private Map<String, String> resolve(Object... pairs) throws InvalidAttributeException {
        Map<PropertyKeys, Object> map = new EnumMap<>(PropertyKeys.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((PropertyKeys) pairs[i], pairs[i + 1]);
        }
        return ScriptAttributes.resolve(
                map,
                Map.of(),
                LOADER,
                Optional.of("https://site.example.com/ctx/qlik"),
                "https://site.example.com",
                Optional.of("n0nce"),
                warnings::add);
    }

    @Test
    void defaultsPointAtTheKitMountWithWindowsCookie() throws Exception {
        assertEquals(
                "{crossorigin=anonymous, type=application/javascript, src=" + LOADER + ", nonce=n0nce,"
                        + " data-host=https://site.example.com/ctx/qlik, data-login-uri=https://site.example.com/ctx/qlik,"
                        + " data-auth-type=windowscookie}",
                resolve().toString());
        assertEquals(List.of(), warnings);
    }

    @Test
    void anonymousIsRefusedForAClientManagedHostWithTheFix() {
        assertEquals(
                "authType 'anonymous' works only with Qlik Cloud Anonymous Access; for a client-managed Qlik Sense"
                        + " host remove authType (the default windowscookie uses the identity the kit injects) or set it to none",
                assertThrows(InvalidAttributeException.class, () -> resolve(PropertyKeys.authType, "Anonymous"))
                        .getMessage());
    }

    @Test
    void anonymousIsAcceptedForQlikCloud() throws Exception {
        assertEquals(
                "anonymous",
                resolve(PropertyKeys.authType, "anonymous", PropertyKeys.host, "https://tenant.us.qlikcloud.com")
                        .get("data-auth-type"));
    }

    @Test
    void cloudOnlyAttributesWarnAgainstAClientManagedHostButStayRendered() throws Exception {
        Map<String, String> out = resolve(PropertyKeys.oauthClientId, "abc", PropertyKeys.webIntegrationId, "w");
        assertEquals("abc", out.get("data-client-id"));
        assertEquals(
                List.of(
                        "attribute oauthClientId is read only by Qlik Cloud; the client-managed host"
                                + " 'https://site.example.com/ctx/qlik' ignores it",
                        "attribute webIntegrationId is read only by Qlik Cloud;"
                                + " the client-managed host 'https://site.example.com/ctx/qlik' ignores it"),
                warnings);
    }

    @Test
    void crossSiteCookiesAreRenderedOnlyForAHostOnAnotherOrigin() throws Exception {
        assertEquals(null, resolve(PropertyKeys.crossSiteCookies, "true").get("data-cross-site-cookies"));
        assertEquals(
                null,
                resolve(PropertyKeys.host, "https://SITE.example.com:443/other").get("data-cross-site-cookies"));
        assertEquals(
                "true",
                resolve(PropertyKeys.host, "https://qlik.example.com/anon").get("data-cross-site-cookies"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "//evil.example/x.js",
                "data:text/javascript,alert(1)",
                "https://user@evil.example/x.js"
            })
    void hostileLoaderUrlsAreRefused(String src) {
        InvalidAttributeException e =
                assertThrows(InvalidAttributeException.class, () -> resolve(PropertyKeys.src, src));
        assertEquals(
                "attribute src " + AuthorErrors.quote(src)
                        + " is not an absolute http or https URL or a path starting with /",
                e.getMessage());
    }

    @Test
    void anUnknownHostNeedsTheSettingOrTheAttribute() {
        InvalidAttributeException e = assertThrows(
                InvalidAttributeException.class,
                () -> ScriptAttributes.resolve(
                        Map.of(),
                        Map.of(),
                        LOADER,
                        Optional.empty(),
                        "https://site.example.com",
                        Optional.empty(),
                        warnings::add));
        assertEquals(
                "the Qlik host is unknown: set host on the tag, or the kit's public URL, ANONKIT_PUBLIC_URL"
                        + " (anonkit.public.url) (the request's host is not an allowed host)",
                e.getMessage());
    }

    @Test
    void unknownAuthTypesAreRefused() {
        assertEquals(
                "authType 'kerberos' is not an authentication type; expected windowscookie (the default) or none for"
                        + " a client-managed host",
                assertThrows(InvalidAttributeException.class, () -> resolve(PropertyKeys.authType, "kerberos"))
                        .getMessage());
    }

    @Test
    void aPassThroughCannotOverrideADeclaredAttribute() {
        assertEquals(
                "attribute data-host is set by a declared attribute; use that one",
                assertThrows(
                                InvalidAttributeException.class,
                                () -> ScriptAttributes.resolve(
                                        Map.of(),
                                        Map.of("data-host", "https://evil.example"),
                                        LOADER,
                                        Optional.of("https://site.example.com/qlik"),
                                        "https://site.example.com",
                                        Optional.empty(),
                                        warnings::add))
                        .getMessage());
    }
}
