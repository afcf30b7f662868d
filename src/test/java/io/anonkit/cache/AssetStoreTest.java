package io.anonkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class AssetStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static CacheKey key(String target) {
        return new CacheKey(target, "site.example.com", "", "gzip");
    }

    private static StoredAnswer answer(int bytes) {
        return new StoredAnswer(
                200,
                HttpFields.build().add("Content-Type", "text/javascript"),
                new byte[bytes],
                NOW,
                Duration.ofMinutes(5));
    }

    @Test
    void theFirstCallerFetchesAndEveryCallerMeanwhileWaitsForThatOneFetch() throws Exception {
        AssetStore store = new AssetStore(1 << 20, 1 << 16);
        AtomicInteger fetches = new AtomicInteger();
        CompletableFuture<Optional<StoredAnswer>> upstream = new CompletableFuture<>();
        int callers = 64;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch asked = new CountDownLatch(callers);
        List<CompletableFuture<Optional<StoredAnswer>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                CompletableFuture<Optional<StoredAnswer>> result = new CompletableFuture<>();
                results.add(result);
                pool.execute(() -> {
                    store.fill(key("/resources/a.js"), () -> {
                                fetches.incrementAndGet();
                                return upstream;
                            })
                            .whenComplete((answer, failure) -> result.complete(answer));
                    asked.countDown();
                });
            }
            assertTrue(asked.await(10, TimeUnit.SECONDS));
            StoredAnswer fetched = answer(1000);
            upstream.complete(Optional.of(fetched));
            for (CompletableFuture<Optional<StoredAnswer>> result : results) {
                assertEquals(Optional.of(fetched), result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fetches.get(), "one upstream fetch for " + callers + " callers");
        assertEquals(callers - 1, store.coalescedWaits());
        assertEquals(Optional.of(results.get(0).get().orElseThrow()), store.get(key("/resources/a.js")));
    }

    @Test
    void anAnswerThatMayNotBeSharedIsNotStoredAndTheNextCallerFetchesAgain() throws Exception {
        AssetStore store = new AssetStore(1 << 20, 1 << 16);
        AtomicInteger fetches = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            Optional<StoredAnswer> got = store.fill(key("/x"), () -> {
                        fetches.incrementAndGet();
                        return CompletableFuture.completedFuture(Optional.empty());
                    })
                    .get();
            assertEquals(Optional.empty(), got);
        }
        assertEquals(3, fetches.get());
        assertEquals(Optional.empty(), store.get(key("/x")));
    }

    @Test
    void aFailedFetchReachesItsWaitersAndLeavesNothingBehind() {
        AssetStore store = new AssetStore(1 << 20, 1 << 16);
        CompletableFuture<Optional<StoredAnswer>> upstream = new CompletableFuture<>();
        CompletableFuture<Optional<StoredAnswer>> first = store.fill(key("/y"), () -> upstream);
        CompletableFuture<Optional<StoredAnswer>> second =
                store.fill(key("/y"), () -> CompletableFuture.failedFuture(new AssertionError("not asked")));
        upstream.completeExceptionally(new java.io.IOException("reset"));
        assertThrows(ExecutionException.class, first::get);
        assertThrows(ExecutionException.class, second::get);
        CompletableFuture<Optional<StoredAnswer>> third =
                store.fill(key("/y"), () -> CompletableFuture.completedFuture(Optional.of(answer(10))));
        assertTrue(third.join().isPresent(), "a new fetch after the failure");
        assertThrows(
                ExecutionException.class,
                () -> store.fill(key("/z"), () -> {
                            throw new IllegalStateException("client stopped");
                        })
                        .get());
        assertTrue(store.fill(key("/z"), () -> CompletableFuture.completedFuture(Optional.empty()))
                .join()
                .isEmpty());
    }

    @Test
    void aBodyLargerThanAnEntryMayBeIsNeverStored() {
        AssetStore store = new AssetStore(1 << 20, 1000);
        assertTrue(store.fits(1000));
        assertFalse(store.fits(1001));
        store.put(key("/big"), answer(1001));
        assertEquals(Optional.empty(), store.get(key("/big")));
        store.put(key("/small"), answer(1000));
        assertTrue(store.get(key("/small")).isPresent());
    }

    @Test
    void theStoreStaysWithinItsBytesWhateverIsPutAndCountsEvictions() {
        long limit = 256 * 1024;
        AssetStore store = new AssetStore(limit, 64 * 1024);
        for (int i = 0; i < 2000; i++) {
            store.put(key("/resources/file-" + i + ".js?v=" + "x".repeat(i % 50)), answer(1000 + (i * 37) % 60_000));
            assertTrue(store.bytes() <= limit, "after " + i + ": " + store.bytes());
        }
        assertTrue(store.evictions() > 0);
        assertTrue(store.entries() > 0);
    }

    @Test
    void aPurgeDropsEverything() {
        AssetStore store = new AssetStore(1 << 20, 1 << 16);
        store.put(key("/a"), answer(10));
        store.put(key("/b"), answer(10));
        store.purge();
        assertEquals(0, store.entries());
        assertEquals(Optional.empty(), store.get(key("/a")));
    }

    @Test
    void aStoreWithoutRoomIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AssetStore(0, 10));
    }
}
