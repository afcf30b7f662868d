package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettingsDerivedTest {
    /** A derived value that knows the settings it was made from and whether it was replaced. */
    private static final class Value {
        final Duration connectTimeout;
        final AtomicInteger replaced = new AtomicInteger();

        Value(Settings settings) {
            this.connectTimeout = settings.connectTimeout();
        }
    }

    private static Settings with(String connectTimeout, String idleTimeout) {
        return SettingsParser.parse(key -> switch (key) {
            case CONNECT_TIMEOUT -> connectTimeout;
            case IDLE_TIMEOUT -> idleTimeout;
            default -> null;
        });
    }

    @Test
    void aNewSnapshotWithTheSameKeyKeepsTheValue() {
        List<Value> derived = new ArrayList<>();
        SettingsDerived<Duration, Value> values = new SettingsDerived<>(
                Settings::connectTimeout,
                s -> add(derived, new Value(s)),
                (replaced, next) -> replaced.replaced.incrementAndGet());
        Value first = values.get(with("1s", "10s"));
        assertSame(first, values.get(with("1s", "20s")), "an idle timeout change leaves a connect-timeout value alone");
        Value second = values.get(with("2s", "20s"));
        assertEquals(Duration.ofSeconds(2), second.connectTimeout);
        assertEquals(1, first.replaced.get(), "the replaced value went to the hook once");
        assertEquals(0, second.replaced.get());
        assertEquals(2, derived.size());
        assertEquals(Optional.of(second), values.current());
    }

    @Test
    void perSnapshotValuesAreDerivedOncePerSnapshot() {
        AtomicInteger derivations = new AtomicInteger();
        SettingsDerived<Settings, Integer> values = SettingsDerived.of(s -> derivations.incrementAndGet());
        Settings settings = with("1s", "10s");
        assertEquals(1, values.get(settings));
        assertEquals(1, values.get(settings));
        assertEquals(2, values.get(with("1s", "11s")));
        assertEquals(Optional.empty(), SettingsDerived.of(s -> 0).current());
    }

    @Test
    void concurrentReadersOfChangingSnapshotsDeriveOncePerKeyChangeAndReplaceEachValueOnce() throws Exception {
        List<Settings> snapshots = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Pairs of snapshots share a key: 1s, 1s, 2s, 2s, ... with a different idle timeout each.
            snapshots.add(with((1 + i / 2) + "s", (10 + i) + "s"));
        }
        Set<Value> created = Collections.newSetFromMap(new ConcurrentHashMap<>());
        Map<Value, Settings> replacedBy = Collections.synchronizedMap(new IdentityHashMap<>());
        SettingsDerived<Duration, Value> values =
                new SettingsDerived<>(Settings::connectTimeout, s -> add(created, new Value(s)), (replaced, next) -> {
                    replaced.replaced.incrementAndGet();
                    replacedBy.put(replaced, next);
                });
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Settings snapshot : snapshots) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Value>> reads = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    reads.add(pool.submit(() -> {
                        start.await();
                        return values.get(snapshot);
                    }));
                }
                start.countDown();
                Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
                for (Future<Value> read : reads) {
                    Value value = read.get(10, TimeUnit.SECONDS);
                    assertEquals(snapshot.connectTimeout(), value.connectTimeout, "a value of the snapshot's key");
                    seen.add(value);
                }
                assertEquals(1, seen.size(), "every reader of one snapshot gets the same value");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, created.size(), "one derivation per key change, however many readers raced");
        for (Value value : created) {
            boolean current = values.current().orElseThrow() == value;
            assertEquals(current ? 0 : 1, value.replaced.get(), "each value but the current one replaced exactly once");
            assertTrue(
                    current || replacedBy.get(value).connectTimeout().compareTo(value.connectTimeout) > 0,
                    "replaced by the next key");
        }
    }

    private static <T> T add(java.util.Collection<T> values, T value) {
        values.add(value);
        return value;
    }
}
