package io.anonkit.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The code each side of a tunnel gets when the other ended with a code. */
class CloseCodesTest {
    @ParameterizedTest(name = "Qlik {0}: visitor {1}")
    @CsvSource({
        "1000, 1000",
        "1001, 4003",
        "1005, 1000",
        "1006, 4003",
        "1008, 1008",
        "1011, 1011",
        "1014, 1014",
        "1015, 4003",
        "4000, 4000",
        "4003, 4003",
        "4204, 4204"
    })
    void towardTheVisitorQliksGoingAwayOrVanishingIsTheEnginesTerminating(int qlik, int visitor) {
        assertEquals(visitor, CloseCodes.towardVisitor(qlik));
    }

    @ParameterizedTest(name = "visitor {0}: Qlik {1}")
    @CsvSource({"1000, 1000", "1001, 1001", "1005, 1000", "1006, 1001", "1015, 1001", "4000, 4000"})
    void towardQlikWhatTheVisitorSentPassesAndALocalEndIsGoingAway(int visitor, int qlik) {
        assertEquals(qlik, CloseCodes.towardUpstream(visitor));
    }
}
