package io.anonkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final HttpFields NO_HEADERS = HttpFields.EMPTY;

    private static HttpFields headers(String... nameValues) {
        HttpFields.Mutable fields = HttpFields.build();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(nameValues[i], nameValues[i + 1]);
        }
        return fields.asImmutable();
    }

    private static String http(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }

    private static Optional<String> why(HttpFields request, int status, HttpFields answer) {
        return CacheRules.whyNotStored(request, status, answer, Duration.ZERO);
    }

    @Test
    void aFreshOrValidatableAnswerIsStored() {
        assertEquals(Optional.empty(), why(NO_HEADERS, 200, headers("Cache-Control", "max-age=60")));
        assertEquals(Optional.empty(), why(NO_HEADERS, 200, headers("Cache-Control", "s-maxage=60")));
        assertEquals(Optional.empty(), why(NO_HEADERS, 200, headers("Expires", http(NOW))));
        assertEquals(Optional.empty(), why(NO_HEADERS, 200, headers("ETag", "\"v1\"")));
        assertEquals(Optional.empty(), why(NO_HEADERS, 404, headers("Last-Modified", http(NOW))));
        assertEquals(Optional.empty(), why(NO_HEADERS, 200, headers("Vary", "accept-encoding", "ETag", "\"v\"")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Cache-Control | no-store | no-store",
                "Cache-Control | private, max-age=60 | private",
                "Set-Cookie | X-Qlik-Session=abc | Set-Cookie",
                "Vary | Cookie | Vary: Cookie",
                "Vary | * | Vary: *",
                "Vary | Accept-Encoding, User-Agent | Vary: User-Agent",
            })
    void anAnswerForOneVisitorIsNeverStored(String name, String value, String reason) {
        assertEquals(Optional.of(reason), why(NO_HEADERS, 200, headers(name, value, "Cache-Control", "max-age=60")));
    }

    @Test
    void aRequestThatForbidsStorageOrCarriesCredentialsIsNotStoredUnlessTheAnswerShares() {
        HttpFields fresh = headers("Cache-Control", "max-age=60");
        assertEquals(Optional.of("no-store"), why(headers("Cache-Control", "no-store"), 200, fresh));
        assertEquals(Optional.of("Authorization"), why(headers("Authorization", "Basic eDp5"), 200, fresh));
        assertEquals(
                Optional.empty(),
                why(headers("Authorization", "Basic eDp5"), 200, headers("Cache-Control", "public, max-age=60")));
    }

    @ParameterizedTest
    @CsvSource({"206", "301", "302", "304", "308", "500", "503"})
    void onlyFinalStatusesACacheUnderstandsAreStored(int status) {
        assertEquals(Optional.of("status " + status), why(NO_HEADERS, status, headers("Cache-Control", "max-age=60")));
    }

    @Test
    void anAnswerWithNothingToGoByIsStoredOnlyWithAMinimumFreshness() {
        assertEquals(Optional.of("no freshness and no validator"), why(NO_HEADERS, 200, NO_HEADERS));
        assertEquals(Optional.empty(), CacheRules.whyNotStored(NO_HEADERS, 200, NO_HEADERS, Duration.ofMinutes(5)));
    }

    @Test
    void freshnessComesFromSMaxAgeThenMaxAgeThenExpires() {
        assertEquals(
                Duration.ofSeconds(30),
                CacheRules.freshness(headers("Cache-Control", "max-age=10, s-maxage=30"), NOW, Duration.ZERO));
        assertEquals(
                Duration.ofSeconds(10),
                CacheRules.freshness(headers("Cache-Control", "max-age=10"), NOW, Duration.ZERO));
        assertEquals(
                Duration.ofMinutes(2),
                CacheRules.freshness(
                        headers("Date", http(NOW), "Expires", http(NOW.plusSeconds(120))), NOW, Duration.ZERO));
        assertEquals(
                Duration.ofSeconds(10),
                CacheRules.freshness(
                        headers("Cache-Control", "max-age=10", "Expires", http(NOW.plusSeconds(999))),
                        NOW,
                        Duration.ZERO));
    }

    @Test
    void anExpiresInThePastOrUnreadableMeansStale() {
        assertEquals(
                Duration.ZERO,
                CacheRules.freshness(
                        headers("Date", http(NOW), "Expires", http(NOW.minusSeconds(5))), NOW, Duration.ZERO));
        assertEquals(Duration.ZERO, CacheRules.freshness(headers("Expires", "0"), NOW, Duration.ZERO));
        assertEquals(
                Duration.ZERO,
                CacheRules.freshness(headers("Expires", "Sunday, 06-Nov-94 08:49:37 GMT"), NOW, Duration.ZERO));
    }

    @Test
    void theMinimumFreshnessLengthensAShortOneButNeverWhatTheOriginWantsChecked() {
        Duration min = Duration.ofMinutes(5);
        assertEquals(min, CacheRules.freshness(NO_HEADERS, NOW, min));
        assertEquals(min, CacheRules.freshness(headers("Cache-Control", "max-age=10"), NOW, min));
        assertEquals(Duration.ofHours(1), CacheRules.freshness(headers("Cache-Control", "max-age=3600"), NOW, min));
        assertEquals(Duration.ZERO, CacheRules.freshness(headers("Cache-Control", "no-cache, max-age=60"), NOW, min));
        assertEquals(
                Duration.ofSeconds(10),
                CacheRules.freshness(headers("Cache-Control", "max-age=10, must-revalidate"), NOW, min));
    }

    @Test
    void theAgeCountsWhatQlikReportedAndTheTimeInTheCache() {
        Instant received = NOW.minusSeconds(40);
        assertEquals(Duration.ofSeconds(40), CacheRules.age(NO_HEADERS, received, NOW));
        assertEquals(Duration.ofSeconds(47), CacheRules.age(headers("Age", "7"), received, NOW));
        assertEquals(
                Duration.ofSeconds(60),
                CacheRules.age(headers("Date", http(received.minusSeconds(20)), "Age", "3"), received, NOW));
        assertEquals(Duration.ofSeconds(40), CacheRules.age(headers("Age", "-3"), received, NOW));
        assertEquals(Duration.ZERO, CacheRules.age(headers("Date", http(NOW.plusSeconds(99))), NOW, NOW));
    }
}
