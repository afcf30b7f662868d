package io.anonkit.settings;

import java.time.Duration;

/**
 * The shared cache of Qlik's static assets.
 *
 * @param maxBytes most memory it holds; 0 when it is off
 * @param minTtl freshness given to an asset whose answer from Qlik has less; zero keeps Qlik's own
 */
public record CacheSettings(long maxBytes, Duration minTtl) {
    /** Largest size accepted: the cache lives in the heap. */
    public static final long MAX_BYTES = 16L * 1024 * 1024 * 1024;

    /** Whether the cache is on. */
    public boolean enabled() {
        return maxBytes > 0;
    }

    /** The largest body stored: an eighth of the cache, at most 8 MiB; larger ones stream through uncached. */
    public int maxEntryBytes() {
        return (int) Math.min(8L * 1024 * 1024, Math.max(1, maxBytes / 8));
    }

    /** {@code bytes} as the setting writes it: {@code 0}, or a whole number of {@code KB}, {@code MB} or {@code GB}. */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        if (bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "GB";
        }
        if (bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "MB";
        }
        return bytes / 1024 + "KB";
    }
}
