package io.anonkit.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.settings.EmbedSettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {
    @Test
    void pagesAllowScriptsOnlyFromThisSiteAndTheNonce() {
        assertEquals(
                "default-src 'self'; script-src 'self' 'nonce-abc'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                        + " font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none';"
                        + " form-action 'self'; frame-ancestors 'self'",
                ContentSecurityPolicy.forPage(
                        "abc", new EmbedSettings(Optional.empty(), Optional.empty(), "", "", "", "", List.of())));
    }

    @Test
    void aCdnLoaderAndAPublicUrlOnAnotherOriginAreAllowed() {
        String policy = ContentSecurityPolicy.forPage(
                "abc",
                new EmbedSettings(
                        Optional.of(URI.create("https://kit.example.com/a")),
                        Optional.of(URI.create("https://cdn.example.net/npm/x/index.js")),
                        "",
                        "",
                        "",
                        "",
                        List.of()));
        assertEquals(
                true,
                policy.contains("script-src 'self' 'nonce-abc' https://cdn.example.net https://kit.example.com;"),
                policy);
        assertEquals(
                true, policy.contains("connect-src 'self' https://kit.example.com wss://kit.example.com;"), policy);
    }
}
