package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamTargetTest {
    private static final URI UPSTREAM = URI.create("https://qlik.internal/hdr");

    private static UpstreamTarget.Mapping map(String uri, String context, String query) {
        return UpstreamTarget.map(UPSTREAM, uri, context, "/qlik", query);
    }

    @Test
    void pathAndQueryBytesAreKept() {
        assertEquals(new UpstreamTarget.Target("https://qlik.internal/hdr/resources/a%20b/x.js?y=%2F"),
                map("/qlik/resources/a%20b/x.js", "", "y=%2F"));
    }

    @Test
    void contextPathAndPathParametersOfTheMountAreRemoved() {
        assertEquals(new UpstreamTarget.Target("https://qlik.internal/hdr/app/x"), map("/ctx/qlik;v=1/app/x", "/ctx", null));
        assertEquals(new UpstreamTarget.Target("https://qlik.internal/hdr/app/x"), map("/ctx/ql%69k/app/x", "/ctx", null));
    }

    @Test
    void theMountItselfMapsToTheUpstreamBase() {
        assertEquals(new UpstreamTarget.Target("https://qlik.internal/hdr"), map("/qlik", "", null));
        assertEquals(new UpstreamTarget.Target("https://qlik.internal/hdr/"), map("/qlik/", "", null));
    }

    @Test
    void charactersAUriCannotHoldAreEncodedAsABrowserWould() {
        assertEquals(new UpstreamTarget.Target("https://qlik.internal/hdr/a%7Cb?q=%22x%22%20%C3%A9"),
                map("/qlik/a|b", "", "q=\"x\" \u00e9"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/../x | has a dot segment", "/a/./b | has a dot segment", "/a/%2e%2E/b | has a dot segment",
        "/a/..;x=1/b | has a dot segment", "/a/.%2e/b | has a dot segment", "/a//b | has an empty segment (//)",
        "/a/%2fb | has an encoded '/', '\\', '%' or NUL", "/a/%5cb | has an encoded '/', '\\', '%' or NUL",
        "/a/%252e | has an encoded '/', '\\', '%' or NUL", "/a/%00 | has an encoded '/', '\\', '%' or NUL",
        "/a\\b | has a backslash"
    })
    void pathsThatCouldLeaveThePrefixAreRefused(String path, String problem) {
        assertEquals(problem, UpstreamTarget.problemWith(path));
        assertEquals(new UpstreamTarget.Refusal(new RefusedRequest(400, "Bad request: the path '" + path.replace("\\", "\\\\")
                + "' " + problem)), map("/qlik" + path, "", null));
    }

    @Test
    void ordinaryPathsHaveNoProblem() {
        assertNull(UpstreamTarget.problemWith("/app/0b2c/identity/x;y/"));
        assertNull(UpstreamTarget.problemWith("/resources/.well-known/a..b"));
    }
}
