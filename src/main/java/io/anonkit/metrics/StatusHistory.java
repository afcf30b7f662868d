package io.anonkit.metrics;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The recent past of the kit's counters, for the admin page's status panel: a sample every {@link #EVERY}, kept for an
 * hour, so the panel can show requests per second and the refusals of the last hour without keeping anything per
 * request. One daemon thread samples; {@link #close} stops it.
 */
public final class StatusHistory implements AutoCloseable {
    /** How often the counters are sampled. */
    public static final Duration EVERY = Duration.ofSeconds(5);
    /** How long samples are kept. */
    public static final Duration KEPT = Duration.ofHours(1);

    private record Sample(long nanos, long requests, Map<String, Long> refusals) {}

    private final LongSupplier requests;
    private final Supplier<Map<String, Long>> refusals;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService sampler;

    private StatusHistory(LongSupplier requests, Supplier<Map<String, Long>> refusals) {
        this.requests = requests;
        this.refusals = refusals;
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "anonkit-status-history");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling {@code requests} and {@code refusals}. */
    static StatusHistory start(LongSupplier requests, Supplier<Map<String, Long>> refusals) {
        StatusHistory history = new StatusHistory(requests, refusals);
        history.sample();
        history.sampler.scheduleAtFixedRate(history::sample, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return history;
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        samples.addLast(new Sample(now, requests.getAsLong(), Map.copyOf(refusals.get())));
        while (samples.size() > 1 && now - samples.peekFirst().nanos() > KEPT.toNanos()) {
            samples.removeFirst();
        }
    }

    /** Requests per second since the sample before the latest one (about {@link #EVERY} ago), up to now. */
    public synchronized double requestsPerSecond() {
        Sample since = samples.size() > 1
                ? samples.stream().skip(samples.size() - 2L).findFirst().orElseThrow()
                : samples.peekFirst();
        double seconds = (System.nanoTime() - since.nanos()) / 1e9;
        return seconds <= 0 ? 0 : (requests.getAsLong() - since.requests()) / seconds;
    }

    /** Refusals by reason since the oldest sample: the last hour, or since the start when that is more recent. */
    public synchronized Map<String, Long> refusalsOfTheLastHour() {
        Map<String, Long> before = samples.peekFirst().refusals();
        Map<String, Long> recent = new java.util.LinkedHashMap<>();
        refusals.get().forEach((reason, count) -> recent.put(reason, count - before.getOrDefault(reason, 0L)));
        return recent;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
