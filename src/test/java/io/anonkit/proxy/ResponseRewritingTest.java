package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.settings.SameSite;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseRewritingTest {
    private static final PublicMount MOUNT = new PublicMount(
            URI.create("https://qlik.internal/hdr"), "site.example.com", "https://site.example.com", "/ctx/qlik");

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "https://qlik.internal/hdr/hub/ | https://site.example.com/ctx/qlik/hub/",
                "HTTPS://QLIK.INTERNAL/hdr?x=1 | https://site.example.com/ctx/qlik?x=1",
                "https://qlik.internal/hdrx/hub/ | https://qlik.internal/hdrx/hub/",
                "https://site.example.com/hdr/sense/app/1 | https://site.example.com/ctx/qlik/sense/app/1",
                "http://site.example.com/hdr/ | https://site.example.com/ctx/qlik/",
                "https://site.example.com/other/ | https://site.example.com/other/",
                "https://evil.example/hdr/ | https://evil.example/hdr/",
                "/hdr/hub/ | /ctx/qlik/hub/",
                "/hdr | /ctx/qlik",
                "/other | /other",
                "//evil.example/hdr/ | //evil.example/hdr/",
                "hub/ | hub/"
            })
    void locationIsMappedFromTheUpstreamToTheMount(String location, String expected) {
        assertEquals(expected, MOUNT.rewriteLocation(location));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "X-Qlik-Session-hdr=abc; Path=/; HttpOnly; SameSite=None; Secure; Domain=qlik.internal | true | LAX | X-Qlik-Session-hdr=abc; HttpOnly; Path=/ctx/qlik; Secure; SameSite=Lax",
                "X-Qlik-Session-hdr=abc; path=/hdr/sense; httponly | false | STRICT | X-Qlik-Session-hdr=abc; httponly; Path=/ctx/qlik/sense; SameSite=Strict",
                "a=b | false | KEEP | a=b; Path=/ctx/qlik",
                "a=b; SameSite=None; Expires=Wed, 21 Oct 2026 07:28:00 GMT | true | KEEP | a=b; SameSite=None; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/ctx/qlik; Secure",
                "a=b; Path=/elsewhere | false | NONE | a=b; Path=/ctx/qlik; SameSite=None"
            })
    void setCookieIsScopedToTheMountWithTheConfiguredFlags(
            String header, boolean secure, SameSite sameSite, String expected) {
        assertEquals(expected, SetCookieRewriter.rewrite(header, MOUNT, secure, sameSite));
    }
}
