package io.anonkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderNamesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "X-Qlik-User, xqlikuser",
        "x_qlik_user, xqlikuser",
        "X.Qlik.User, xqlikuser",
        "X~QLIK~USER, xqlikuser",
        "xqlikuser, xqlikuser",
        "hdr-usr, hdrusr",
        "HDR_USR., hdrusr",
        "X-Forwarded-For, xforwardedfor",
        "'', ''"
    })
    void skeletonKeepsOnlyLowerCaseLettersAndDigits(String name, String skeleton) {
        assertEquals(skeleton, HeaderNames.skeleton(name));
    }

    @Test
    void skeletonIgnoresTheDefaultLocale() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertEquals("xqlikuser", HeaderNames.skeleton("X-QLIK-USER"), "Turkish dotless i must not appear");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void skeletonDropsNonAsciiLettersThatFoldToAsciiElsewhere() {
        assertEquals("xqlikuer", HeaderNames.skeleton("X-Qlik-U\u017fer"), "long s is not an s");
        assertEquals("xqliuser", HeaderNames.skeleton("X-Qli\u212a-User"), "Kelvin sign is not a k");
    }

    @Test
    void plainNamesHaveOnlyLettersDigitsAndDashes() {
        assertTrue(HeaderNames.isPlain("X-Qlik-Xrfkey"));
        assertFalse(HeaderNames.isPlain("X_Qlik"));
        assertFalse(HeaderNames.isPlain("X.Qlik"));
        assertFalse(HeaderNames.isPlain(""));
    }
}
