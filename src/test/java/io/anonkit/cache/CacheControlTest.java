package io.anonkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheControlTest {
    private static CacheControl parse(String... values) {
        return CacheControl.parse(List.of(values));
    }

    @Test
    void directivesAreReadFromEveryFieldInAnyCase() {
        CacheControl read = parse("Public, MAX-AGE=60", "s-maxage=\"120\"", "Must-Revalidate");
        assertTrue(read.isPublic());
        assertTrue(read.mustRevalidate());
        assertEquals(Optional.of(Duration.ofSeconds(60)), read.maxAge());
        assertEquals(Optional.of(Duration.ofSeconds(120)), read.sMaxAge());
        assertFalse(read.noStore() || read.noCache() || read.isPrivate());
    }

    @Test
    void nothingReadsAsNone() {
        assertEquals(CacheControl.NONE, parse());
        assertEquals(CacheControl.NONE, parse("", " , ,", "immutable, stale-while-revalidate=30"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"private", "private=\"Set-Cookie\"", "PRIVATE", "max-age=60, private", "private=\"a, b\""})
    void privateInAnyFormIsPrivate(String value) {
        assertTrue(parse(value).isPrivate(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-store", "no-cache=\"Set-Cookie\", no-store", "max-age=9, NO-STORE"})
    void noStoreInAnyFormIsNoStore(String value) {
        assertTrue(parse(value).noStore(), value);
    }

    @Test
    void aQuotedCommaDoesNotStartADirective() {
        CacheControl read = parse("no-cache=\"a, max-age=99\", max-age=5");
        assertTrue(read.noCache());
        assertEquals(Optional.of(Duration.ofSeconds(5)), read.maxAge());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"max-age=-1", "max-age=1.5", "max-age=", "max-age=abc", "max-age=60, max-age=61", "max-age"})
    void aFreshnessThatIsNotOnePlainNumberIsNotTaken(String value) {
        assertEquals(Optional.empty(), parse(value).maxAge(), value);
    }

    @Test
    void theSameFreshnessTwiceStands() {
        assertEquals(
                Optional.of(Duration.ofSeconds(60)),
                parse("max-age=60", "max-age=60").maxAge());
    }

    @Test
    void aHugeFreshnessIsCutToTheLargestDelta() {
        assertEquals(
                Optional.of(CacheControl.MAX_DELTA),
                parse("max-age=99999999999999999999").maxAge());
        assertEquals(
                Optional.of(CacheControl.MAX_DELTA),
                parse("s-maxage=4294967296").sMaxAge());
    }
}
