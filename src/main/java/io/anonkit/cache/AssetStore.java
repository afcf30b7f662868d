package io.anonkit.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The cache's store: at most {@code maxBytes} of answers (Caffeine, weighed by body and headers, evicting by its
 * W-TinyLFU policy), none larger than {@code maxEntryBytes}, and one upstream fetch per key at a time: while one is
 * under way, others asking for the same key wait for it ({@link #fill}) instead of asking Qlik again.
 */
public final class AssetStore {
    private final Cache<CacheKey, StoredAnswer> answers;
    private final int maxEntryBytes;
    private final ConcurrentMap<CacheKey, CompletableFuture<Optional<StoredAnswer>>> fetching =
            new ConcurrentHashMap<>();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /** A store of at most {@code maxBytes}, each entry at most {@code maxEntryBytes}. */
    public AssetStore(long maxBytes, int maxEntryBytes) {
        if (maxBytes <= 0 || maxEntryBytes <= 0) {
            throw new IllegalArgumentException(
                    "a store needs room: " + maxBytes + " bytes, " + maxEntryBytes + " bytes an entry");
        }
        this.maxEntryBytes = maxEntryBytes;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey key, StoredAnswer answer) -> key.weight() + answer.weight())
                .removalListener((CacheKey key, StoredAnswer answer, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .executor(Runnable::run)
                .build();
    }

    /** The answer stored under {@code key}, fresh or not. */
    public Optional<StoredAnswer> get(CacheKey key) {
        return Optional.ofNullable(answers.getIfPresent(key));
    }

    /** The largest body an entry may have. */
    public int maxEntryBytes() {
        return maxEntryBytes;
    }

    /** Whether a body of {@code bytes} may be stored at all; a larger one streams through uncached. */
    public boolean fits(long bytes) {
        return bytes <= maxEntryBytes;
    }

    /** Stores {@code answer} under {@code key}, unless its body is larger than an entry may be. */
    public void put(CacheKey key, StoredAnswer answer) {
        if (fits(answer.body().length)) {
            answers.put(key, answer);
        }
    }

    /**
     * The answer for {@code key} from one fetch at a time: the first caller runs {@code fetch} (whose result is stored
     * when present), and callers that come while it runs get the same future. Empty means the answer may not be
     * shared (it was not storable), so each of those callers asks Qlik for its own. The caller bounds its wait.
     */
    public CompletableFuture<Optional<StoredAnswer>> fill(
            CacheKey key, Supplier<CompletableFuture<Optional<StoredAnswer>>> fetch) {
        CompletableFuture<Optional<StoredAnswer>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<StoredAnswer>> running = fetching.putIfAbsent(key, mine);
        if (running != null) {
            coalesced.increment();
            return running;
        }
        CompletableFuture<Optional<StoredAnswer>> fetched;
        try {
            fetched = fetch.get();
        } catch (RuntimeException e) {
            fetching.remove(key, mine);
            mine.completeExceptionally(e);
            return mine;
        }
        fetched.whenComplete((answer, failure) -> {
            if (failure == null && answer.isPresent()) {
                put(key, answer.get());
            }
            fetching.remove(key, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(answer);
            }
        });
        return mine;
    }

    /** Drops every stored answer: the upstream or the identity changed, or an admin asked. */
    public void purge() {
        answers.invalidateAll();
    }

    /** Answers stored now. */
    public long entries() {
        return answers.estimatedSize();
    }

    /** Bytes stored now, as weighed. */
    public long bytes() {
        return answers.policy()
                .eviction()
                .map(eviction -> eviction.weightedSize().orElse(0))
                .orElse(0L);
    }

    /** Callers that waited for another's fetch instead of asking Qlik, since start. */
    public long coalescedWaits() {
        return coalesced.sum();
    }

    /** Answers evicted to stay within the size, since start. */
    public long evictions() {
        return evictions.sum();
    }
}
