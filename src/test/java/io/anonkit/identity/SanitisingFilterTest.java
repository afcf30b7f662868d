package io.anonkit.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.testing.GatewayUnderTest;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.TestSettings;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

class SanitisingFilterTest {
    @Test
    void controlCharactersOtherThanTabAreFound() {
        assertTrue(SanitisingFilter.hasControlCharacter("a\u0000b"));
        assertTrue(SanitisingFilter.hasControlCharacter("a\u007fb"));
        assertTrue(SanitisingFilter.hasControlCharacter("a\nb"));
        assertTrue(SanitisingFilter.hasControlCharacter("a\u0100"));
        assertFalse(SanitisingFilter.hasControlCharacter("a\tb \u00e9"));
    }

    @Test
    void whenUnusualNamesAreRejectedThenTheRequestGets400AndNothingReachesQlik() throws Exception {
        try (QlikStandIn qlik = QlikStandIn.start();
                GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .with(SettingKey.UNUSUAL_HEADER_NAMES, "reject")
                        .build())) {
            HttpTester.Response response = gateway.raw("GET /qlik/x HTTP/1.1\r\nHost: k\r\nX_Custom: 1\r\n\r\n");
            assertEquals(400, response.getStatus());
            assertEquals(
                    "Bad request: header name 'X_Custom' has characters other than letters, digits and '-'\n",
                    response.getContent());
            assertEquals(0, qlik.requests().size());
        }
    }

    @Test
    void spoofAttemptsAreCounted() throws Exception {
        try (QlikStandIn qlik = QlikStandIn.start();
                GatewayUnderTest gateway = GatewayUnderTest.start(TestSettings.defaults()
                        .with(SettingKey.UPSTREAM, qlik.virtualProxy())
                        .build())) {
            gateway.raw("GET /qlik/x HTTP/1.1\r\nHost: k\r\nX_Qlik_User: a\r\n\r\n");
            gateway.raw("GET /qlik/x HTTP/1.1\r\nHost: k\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n");
            gateway.raw("GET /qlik/x HTTP/1.1\r\nHost: k\r\nhdr.usr: a\r\n\r\n");
            assertEquals(2, gateway.spoofAttempts(), "two identity spoofs; forwarding headers are not spoofs");
        }
    }
}
