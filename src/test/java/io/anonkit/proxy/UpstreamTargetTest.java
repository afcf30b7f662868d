package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.anonkit.http.Refusal;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamTargetTest {
    private static final URI UPSTREAM = URI.create("https://qlik.internal/hdr");

    private static String map(String uri, String context, String query) {
        assertEquals(
                Optional.empty(), UpstreamTarget.checked(uri, context, "/qlik").refusal(), uri);
        return UpstreamTarget.url(
                UPSTREAM, UpstreamTarget.checked(uri, context, "/qlik").remainder(), query);
    }

    @Test
    void pathAndQueryBytesAreKept() {
        assertEquals(
                "https://qlik.internal/hdr/resources/a%20b/x.js?y=%2F", map("/qlik/resources/a%20b/x.js", "", "y=%2F"));
    }

    @Test
    void contextPathAndPathParametersOfTheMountAreRemoved() {
        assertEquals("https://qlik.internal/hdr/app/x", map("/ctx/qlik;v=1/app/x", "/ctx", null));
        assertEquals("https://qlik.internal/hdr/app/x", map("/ctx/ql%69k/app/x", "/ctx", null));
    }

    @Test
    void theMountItselfMapsToTheUpstreamBase() {
        assertEquals("https://qlik.internal/hdr", map("/qlik", "", null));
        assertEquals("https://qlik.internal/hdr/", map("/qlik/", "", null));
    }

    @Test
    void charactersAUriCannotHoldAreEncodedAsABrowserWould() {
        assertEquals("https://qlik.internal/hdr/a%7Cb?q=%22x%22%20%C3%A9", map("/qlik/a|b", "", "q=\"x\" \u00e9"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/../x | has a dot segment",
                "/a/./b | has a dot segment",
                "/a/%2e%2E/b | has a dot segment",
                "/a/..;x=1/b | has a dot segment",
                "/a/.%2e/b | has a dot segment",
                "/a//b | has an empty segment (//)",
                "/a/%2fb | has an encoded '/', '\\', '%' or NUL",
                "/a/%5cb | has an encoded '/', '\\', '%' or NUL",
                "/a/%252e | has an encoded '/', '\\', '%' or NUL",
                "/a/%00 | has an encoded '/', '\\', '%' or NUL",
                "/a\\b | has a backslash"
            })
    void pathsThatCouldLeaveThePrefixAreRefused(String path, String problem) {
        assertEquals(problem, UpstreamTarget.problemWith(path));
        assertEquals(
                Optional.of(malformed("Bad request: the path '" + path.replace("\\", "\\\\") + "' " + problem)),
                UpstreamTarget.checked("/qlik" + path, "", "/qlik").refusal());
        assertEquals(null, UpstreamTarget.checked("/qlik" + path, "", "/qlik").remainder(), "no remainder to forward");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/other/x | /ctx | the request path does not start with the context path",
                "/ctx | /ctx | the request path does not match the proxy mount"
            })
    void requestsOutsideTheMountAreRefused(String uri, String context, String problem) {
        assertEquals(
                Optional.of(malformed("Bad request: " + problem)),
                UpstreamTarget.checked(uri, context == null ? "" : context, "/qlik")
                        .refusal());
    }

    @Test
    void ordinaryPathsHaveNoProblem() {
        assertNull(UpstreamTarget.problemWith("/app/0b2c/identity/x;y/"));
        assertNull(UpstreamTarget.problemWith("/resources/.well-known/a..b"));
    }

    /** A 400 counted as malformed, as the gateway sends it. */
    private static Refusal malformed(String message) {
        return new Refusal(400, message, java.util.Map.of(), true, io.anonkit.http.RefusalReason.MALFORMED);
    }
}
