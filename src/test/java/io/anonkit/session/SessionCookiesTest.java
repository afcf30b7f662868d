package io.anonkit.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionCookiesTest {
    @Test
    void onlyQlikSessionCookiesGoUpstream() {
        assertEquals(
                Optional.of("X-Qlik-Session-hdr=1; x-qlik-session=2"),
                SessionCookies.qlikSessionCookies(Collections.enumeration(List.of(
                        "JSESSIONID=a; X-Qlik-Session-hdr=1",
                        "theme=dark;x-qlik-session=2",
                        "X-Qlik-Sessionless=3; X-Qlik-Session-x"))));
        assertEquals(
                Optional.empty(), SessionCookies.qlikSessionCookies(Collections.enumeration(List.of("JSESSIONID=a"))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "X-Qlik-Session, true", "x-qlik-session-hdr, true", "X-QLIK-SESSION-a-b, true", "' X-Qlik-Session ', true",
        "X-Qlik-Sessionless, false", "X-Qlik-SessionX, false", "X-Qlik-Sessio, false", "JSESSIONID, false"
    })
    void theNameRuleIsExactlySessionOrSessionWithASuffix(String name, boolean qlik) {
        assertEquals(qlik, SessionCookies.isQlikSession(name));
    }
}
