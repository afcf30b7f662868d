package io.anonkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheKeyTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "gzip, deflate, br, zstd | br,deflate,gzip,zstd",
                "BR;q=1.0 , GZIP | br,gzip",
                "gzip;q=0, br | br",
                "gzip; q=0.000, br;q=0.001 | br",
                "identity, * | ''",
                "x-evil, gzip, gzip, gzip | gzip",
                "NULL | ''",
                "'' | ''",
            })
    void acceptEncodingIsNormalisedToTheKnownCodingsAccepted(String header, String expected) {
        assertEquals(expected, CacheKey.encodings(header));
    }
}
