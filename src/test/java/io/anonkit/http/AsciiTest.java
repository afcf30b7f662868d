package io.anonkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Case rules that know ASCII letters only, where Java's fold Unicode letters onto them. */
class AsciiTest {
    @ParameterizedTest(name = "{0} is not {1}")
    @CsvSource({
        "qli\u212Ak-embed,qlik-embed",
        "re\u017Fources,resources",
        "\u0131dentity,identity",
        "\u0130mages,images",
        "APP\u212A,appk"
    })
    void unicodeLettersThatJavaFoldsStayThemselves(String spelled, String word) {
        assertTrue(
                spelled.equalsIgnoreCase(word)
                        || spelled.toLowerCase(Locale.ROOT).equals(word)
                        || spelled.toLowerCase(Locale.ROOT).startsWith(word.substring(0, 1)),
                "Java folds " + spelled);
        assertFalse(Ascii.equalsIgnoreCase(spelled, word), spelled);
        assertFalse(Ascii.lowerCase(spelled).equals(word), spelled);
        assertFalse(Ascii.regionMatchesIgnoreCase(spelled, 0, word), spelled);
    }

    @Test
    void asciiLettersFoldBothWays() {
        assertEquals("/qlik-embed/main.js", Ascii.lowerCase("/QLIK-Embed/main.JS"));
        assertTrue(Ascii.equalsIgnoreCase("IDENTITY", "identity"));
        assertTrue(Ascii.regionMatchesIgnoreCase("/HDR/app", 0, "/hdr"));
        assertFalse(Ascii.regionMatchesIgnoreCase("/hd", 0, "/hdr"), "shorter than the prefix");
        String unchanged = "already-lower";
        assertTrue(unchanged == Ascii.lowerCase(unchanged), "no copy when nothing changes");
    }
}
