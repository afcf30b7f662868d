package io.anonkit.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The rules of RFC 9111 for a shared cache, as the kit applies them to Qlik's answers: whether an answer may be stored,
 * how long it stays fresh, and its age. Pure functions of the messages' headers and the clock's readings.
 */
public final class CacheRules {
    /**
     * Statuses stored: the final ones RFC 9110 (section 15.1) lets a cache store without explicit freshness, less
     * those an asset never has (300, 405, 414, 501), 206 (a range of a body, which this cache never asks for) and the
     * permanent redirects 301 and 308, whose {@code Location} the gateway rewrites for each visitor's mount.
     */
    static final Set<Integer> STORABLE_STATUSES = Set.of(200, 203, 204, 404, 410);

    private CacheRules() {}

    /**
     * Why the answer with {@code status} and {@code answer} headers to a GET with {@code request} headers may not be
     * stored, or empty when it may: a status this cache does not store, {@code no-store} in either message,
     * {@code private}, {@code Set-Cookie} (one visitor's cookie must never reach another), a {@code Vary} on anything
     * but {@code Accept-Encoding}, an {@code Authorization} the answer does not explicitly share, or nothing to go by:
     * no freshness of its own, no validator and no {@code minTtl}.
     */
    public static Optional<String> whyNotStored(HttpFields request, int status, HttpFields answer, Duration minTtl) {
        CacheControl asked = CacheControl.parse(request.getValuesList(HttpHeader.CACHE_CONTROL));
        CacheControl told = CacheControl.parse(answer.getValuesList(HttpHeader.CACHE_CONTROL));
        if (!STORABLE_STATUSES.contains(status)) {
            return Optional.of("status " + status);
        }
        if (asked.noStore() || told.noStore()) {
            return Optional.of("no-store");
        }
        if (told.isPrivate()) {
            return Optional.of("private");
        }
        if (answer.contains(HttpHeader.SET_COOKIE) || answer.contains(HttpHeader.SET_COOKIE2)) {
            return Optional.of("Set-Cookie");
        }
        for (String vary : answer.getCSV(HttpHeader.VARY, false)) {
            if (!vary.trim().equalsIgnoreCase(HttpHeader.ACCEPT_ENCODING.asString())) {
                return Optional.of("Vary: " + vary.trim());
            }
        }
        if (request.contains(HttpHeader.AUTHORIZATION)
                && !(told.isPublic() || told.sMaxAge().isPresent() || told.mustRevalidate())) {
            return Optional.of("Authorization");
        }
        boolean explicit =
                told.sMaxAge().isPresent() || told.maxAge().isPresent() || answer.contains(HttpHeader.EXPIRES);
        boolean validator = answer.contains(HttpHeader.ETAG) || answer.contains(HttpHeader.LAST_MODIFIED);
        if (!explicit && !validator && minTtl.isZero()) {
            return Optional.of("no freshness and no validator");
        }
        return Optional.empty();
    }

    /**
     * How long the answer with {@code answer} headers stays fresh (RFC 9111, section 4.2.1): {@code s-maxage}, else
     * {@code max-age}, else {@code Expires} minus {@code Date} (an invalid {@code Expires} means already stale), else
     * {@code minTtl}; {@code minTtl} also lengthens a shorter freshness, but never that of an answer marked
     * {@code no-cache} or {@code must-revalidate}, which the origin wants checked. Zero means: revalidate before use.
     *
     * @param received when the answer arrived, standing in for a missing or unreadable {@code Date}
     */
    public static Duration freshness(HttpFields answer, Instant received, Duration minTtl) {
        CacheControl told = CacheControl.parse(answer.getValuesList(HttpHeader.CACHE_CONTROL));
        if (told.noCache()) {
            return Duration.ZERO;
        }
        Optional<Duration> own = told.sMaxAge().or(told::maxAge);
        if (own.isEmpty() && answer.contains(HttpHeader.EXPIRES)) {
            Instant date = date(answer.get(HttpHeader.DATE)).orElse(received);
            own = Optional.of(date(answer.get(HttpHeader.EXPIRES))
                    .map(expires -> expires.isAfter(date) ? Duration.between(date, expires) : Duration.ZERO)
                    .orElse(Duration.ZERO));
        }
        Duration lifetime = own.orElse(Duration.ZERO);
        if (told.mustRevalidate() && own.isPresent()) {
            return lifetime;
        }
        return lifetime.compareTo(minTtl) < 0 ? minTtl : lifetime;
    }

    /**
     * The age of a stored answer at {@code now} (RFC 9111, section 4.2.3): the {@code Age} Qlik sent, or the time
     * since its {@code Date} if that is more, plus the time it has spent in this cache since {@code received}.
     */
    public static Duration age(HttpFields answer, Instant received, Instant now) {
        Duration sent = ageHeader(answer.get(HttpHeader.AGE));
        Duration apparent = date(answer.get(HttpHeader.DATE))
                .filter(date -> date.isBefore(received))
                .map(date -> Duration.between(date, received))
                .orElse(Duration.ZERO);
        Duration initial = sent.compareTo(apparent) > 0 ? sent : apparent;
        Duration resident = now.isAfter(received) ? Duration.between(received, now) : Duration.ZERO;
        return initial.plus(resident);
    }

    /** The {@code Age} field's seconds, or zero when absent or not a plain number. */
    private static Duration ageHeader(String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > 10
                || !value.chars().allMatch(Character::isDigit)) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /**
     * An HTTP date in the IMF-fixdate form every current server sends; the obsolete forms read as no date, which makes
     * an {@code Expires} mean "stale" (RFC 9111, section 5.3), the safe side.
     */
    public static Optional<Instant> date(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
