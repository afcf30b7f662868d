package io.anonkit.http;

import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every refusal by reason, and every request that observe mode let through although the profile would have
 * refused it; logs each reason at most once per {@link #LOG_INTERVAL} with the request's pattern, never its query,
 * headers or body; and lists what was refused or observed (method, pattern, reason, count, last seen) for the admin,
 * in at most {@link #MAX_ENTRIES} entries, the rest counted together under {@code (other)}.
 */
public final class AccessMonitor {
    /** Servlet context attribute holding the application's monitor. */
    public static final String ATTRIBUTE = AccessMonitor.class.getName();
    /** Shortest time between two log lines for one reason. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    /** Most entries in the list; further patterns are counted under {@code (other)}. */
    static final int MAX_ENTRIES = 500;

    private static final System.Logger LOG = System.getLogger(AccessMonitor.class.getName());

    /**
     * One line of the list.
     *
     * @param method   the request method
     * @param pattern  the path's pattern, such as {@code /qrs/app/**}
     * @param reason   why it was or would have been refused
     * @param enforced whether it was refused (else observe mode let it through)
     * @param count    how often
     * @param lastSeen when last
     */
    public record Entry(
            String method, String pattern, RefusalReason reason, boolean enforced, long count, Instant lastSeen) {}

    private record Key(String method, String pattern, RefusalReason reason, boolean enforced) {}

    private static final class Tally {
        final LongAdder count = new LongAdder();
        volatile Instant lastSeen;
    }

    private final Clock clock;
    private final Map<RefusalReason, LongAdder> refused = new EnumMap<>(RefusalReason.class);
    private final Map<RefusalReason, LongAdder> observed = new EnumMap<>(RefusalReason.class);
    private final Map<RefusalReason, RateLimitedLog> logs = new EnumMap<>(RefusalReason.class);
    private final Map<Key, Tally> entries = new ConcurrentHashMap<>();

    /** A monitor that reads the time from {@code clock}. */
    public AccessMonitor(Clock clock) {
        this.clock = clock;
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, new LongAdder());
            observed.put(reason, new LongAdder());
            logs.put(reason, new RateLimitedLog(LOG, LOG_INTERVAL, clock));
        }
    }

    /** The application's monitor, made on first use. */
    public static AccessMonitor of(ServletContext context) {
        return ContextAttributes.getOrCreate(
                context, ATTRIBUTE, AccessMonitor.class, () -> new AccessMonitor(Clock.systemUTC()));
    }

    /**
     * Records a request the policy refuses.
     *
     * @param enforced whether it is refused; false when observe mode lets it through
     * @param client   the client's address, for the log
     */
    public void record(RefusalReason reason, String method, String pattern, boolean enforced, String client) {
        record(reason, method, pattern, "", enforced, client);
    }

    /**
     * Records a request the policy refuses, with the rule that refused it for the log line.
     *
     * @param rule     the rule or condition behind the refusal, such as {@code load script}; the kit's own words,
     *                 never the visitor's
     * @param enforced whether it is refused; false when observe mode lets it through
     * @param client   the client's address, for the log
     */
    public void record(
            RefusalReason reason, String method, String pattern, String rule, boolean enforced, String client) {
        (enforced ? refused : observed).get(reason).increment();
        String safeMethod = method.length() > 16 ? method.substring(0, 16) : method;
        Key key = new Key(safeMethod, pattern, reason, enforced);
        Tally tally = entries.get(key);
        if (tally == null) {
            if (entries.size() >= MAX_ENTRIES) {
                key = new Key("*", "(other)", reason, enforced);
            }
            tally = entries.computeIfAbsent(key, k -> new Tally());
        }
        tally.count.increment();
        tally.lastSeen = clock.instant();
        long total = (enforced ? refused : observed).get(reason).sum();
        logs.get(reason)
                .warn(() -> (enforced ? "refused " : "observe mode let through, but the profile refuses, ")
                        + SafeText.quote(safeMethod) + " " + SafeText.quote(pattern) + " (" + reason.text()
                        + (rule.isEmpty() ? "" : ": " + SafeText.quote(rule)) + ") from "
                        + SafeText.quote(client) + "; " + total + " since start");
    }

    /** Refusals since start, by reason. */
    public Map<RefusalReason, Long> refused() {
        return sums(refused);
    }

    /** Requests observe mode let through that the profile refuses, since start, by reason. */
    public Map<RefusalReason, Long> observed() {
        return sums(observed);
    }

    private static Map<RefusalReason, Long> sums(Map<RefusalReason, LongAdder> counters) {
        Map<RefusalReason, Long> sums = new EnumMap<>(RefusalReason.class);
        counters.forEach((reason, counter) -> sums.put(reason, counter.sum()));
        return sums;
    }

    /** Counts by reason as JSON, such as {@code {"path": 3, "method": 0, ...}}, for {@code /health} and the admin API. */
    public static JsonObject json(Map<RefusalReason, Long> counts) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        counts.forEach((reason, count) -> object.add(reason.text(), count));
        return object.build();
    }

    /** The list, most frequent first. */
    public List<Entry> entries() {
        return entries.entrySet().stream()
                .map(e -> new Entry(
                        e.getKey().method(),
                        e.getKey().pattern(),
                        e.getKey().reason(),
                        e.getKey().enforced(),
                        e.getValue().count.sum(),
                        e.getValue().lastSeen))
                .sorted(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::pattern))
                .toList();
    }

    /** Empties the list; the counts by reason stay. */
    public void clearEntries() {
        entries.clear();
    }
}
