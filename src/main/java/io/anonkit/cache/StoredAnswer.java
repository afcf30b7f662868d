package io.anonkit.cache;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * An answer of Qlik's kept in the cache, whole.
 *
 * @param status the status
 * @param headers the headers as Qlik sent them, already filtered for visitors
 * @param body the body, as received (encoded as {@code Content-Encoding} says)
 * @param received when it arrived, or when a revalidation last confirmed it
 * @param freshness how long it stays fresh from {@code received}, by {@link CacheRules#freshness}
 */
public record StoredAnswer(int status, HttpFields headers, byte[] body, Instant received, Duration freshness) {
    /** Copies the headers so that the record stays immutable. */
    public StoredAnswer {
        headers = headers.asImmutable();
    }

    /** Whether it may be served without asking Qlik at {@code now}. */
    public boolean freshAt(Instant now) {
        return CacheRules.age(headers, received, now).compareTo(freshness) < 0;
    }

    /** The same answer confirmed by Qlik at {@code now} with {@code updated} headers (RFC 9111, section 4.3.4). */
    public StoredAnswer revalidated(HttpFields updated, Instant now, Duration newFreshness) {
        return new StoredAnswer(status, updated, body, now, newFreshness);
    }

    /** Bytes the entry holds, roughly: body, headers and the objects around them. */
    int weight() {
        int size = body.length + 96;
        for (HttpField field : headers) {
            size += 2 * (field.getName().length() + field.getValue().length()) + 48;
        }
        return size;
    }
}
