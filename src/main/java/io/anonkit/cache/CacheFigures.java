package io.anonkit.cache;

/**
 * What the asset cache has done since start and holds now, for metrics and the status panel.
 *
 * @param hits answers served from a fresh entry without asking Qlik
 * @param misses answers fetched from Qlik and stored
 * @param revalidations stale entries Qlik confirmed (304) or replaced
 * @param passes cacheable requests left to the proxy: answers for one visitor, bodies too large, failed fills
 * @param coalescedWaits requests that waited for another's fill instead of asking Qlik
 * @param entries answers stored now
 * @param bytes bytes stored now, as weighed
 * @param maxBytes the cache's size, 0 when it is off
 * @param evictions entries evicted to stay within the size
 */
public record CacheFigures(
        long hits,
        long misses,
        long revalidations,
        long passes,
        long coalescedWaits,
        long entries,
        long bytes,
        long maxBytes,
        long evictions) {
    /** A cache that is off, or has done nothing yet. */
    public static final CacheFigures NONE = new CacheFigures(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
