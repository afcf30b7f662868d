package io.anonkit.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The budget of one node: counting, joining, lingering and giving back, on a clock the test moves. */
class LocalEngineSessionsTest {
    private static final String QLIK = "https://qlik.example/hdr";
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final LocalEngineSessions budget = new LocalEngineSessions(clock);

    private static EngineSession visitor(int n) {
        return new EngineSession(QLIK, "app", "v" + n);
    }

    @Test
    void sessionsBeyondTheBudgetGetNoLeaseAndEachUpstreamCountsItsOwn() {
        for (int i = 0; i < 3; i++) {
            assertTrue(budget.acquire(visitor(i), 3, Duration.ZERO).isPresent());
        }
        assertTrue(budget.acquire(visitor(3), 3, Duration.ZERO).isEmpty());
        assertTrue(
                budget.acquire(new EngineSession(QLIK, "other-app", "v0"), 3, Duration.ZERO)
                        .isEmpty(),
                "another app is another engine session");
        assertTrue(budget.acquire(new EngineSession("https://other.example", "app", "v9"), 3, Duration.ZERO)
                .isPresent());
        assertEquals(3, budget.inUse(QLIK));
        assertTrue(budget.acquire(visitor(0), 0, Duration.ZERO).isPresent(), "a held session is joined at any budget");
    }

    @Test
    void aSessionCountsUntilItsLastTunnelClosesAndThenForItsLinger() {
        EngineSessionLease first =
                budget.acquire(visitor(1), 1, Duration.ofSeconds(30)).orElseThrow();
        EngineSessionLease second =
                budget.acquire(visitor(1), 1, Duration.ofSeconds(30)).orElseThrow();
        first.release();
        first.release();
        assertTrue(
                budget.acquire(visitor(2), 1, Duration.ofSeconds(30)).isEmpty(),
                "a lease released twice is released once");
        second.release();
        clock.advance(Duration.ofSeconds(29));
        assertTrue(budget.acquire(visitor(2), 1, Duration.ofSeconds(30)).isEmpty(), "lingering");
        assertEquals(1, budget.inUse(QLIK));
        EngineSessionLease back =
                budget.acquire(visitor(1), 1, Duration.ofSeconds(30)).orElseThrow();
        back.release();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, budget.inUse(QLIK));
        assertTrue(budget.acquire(visitor(2), 1, Duration.ofSeconds(30)).isPresent());
    }

    @Test
    void withoutALingerTheLastCloseGivesTheSessionBackAtOnce() {
        budget.acquire(visitor(1), 1, Duration.ZERO).orElseThrow().release();
        assertEquals(0, budget.inUse(QLIK));
        assertTrue(budget.acquire(visitor(2), 1, Duration.ZERO).isPresent());
    }

    @Test
    void concurrentAdmissionsNeverExceedTheBudget() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<java.util.concurrent.Future<Optional<EngineSessionLease>>> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int n = i;
            all.add(threads.submit(() -> {
                go.await();
                Optional<EngineSessionLease> lease = budget.acquire(visitor(n), 50, Duration.ZERO);
                lease.ifPresent(held -> admitted.incrementAndGet());
                return lease;
            }));
        }
        go.countDown();
        for (var one : all) {
            one.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertEquals(50, admitted.get());
        assertEquals(50, budget.inUse(QLIK));
    }
}
