package io.anonkit.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The budget of one node, in memory. Admissions are rare next to requests (one per engine WebSocket), so one lock
 * guards the table; sessions whose linger ended are swept when the budget looks spent.
 */
public final class LocalEngineSessions implements EngineSessionBudget {
    private final Clock clock;
    private final BiConsumer<EngineSession, Duration> lastClosed;
    /** Guarded by {@code this}. */
    private final Map<EngineSession, Held> held = new HashMap<>();

    /** A budget kept on this node, on {@code clock}. */
    public LocalEngineSessions(Clock clock) {
        this(clock, (session, linger) -> {});
    }

    /** The same, telling {@code lastClosed} when a session's last tunnel on this node closed, with its linger. */
    LocalEngineSessions(Clock clock, BiConsumer<EngineSession, Duration> lastClosed) {
        this.clock = clock;
        this.lastClosed = lastClosed;
    }

    /** A session's open tunnels on this node, and while it has none, until when it still counts. */
    private static final class Held {
        int tunnels;
        Instant until = Instant.MAX;
    }

    @Override
    public synchronized Optional<EngineSessionLease> acquire(EngineSession session, int budget, Duration linger) {
        Instant now = clock.instant();
        Held known = held.get(session);
        if (known != null && (known.tunnels > 0 || known.until.isAfter(now))) {
            return Optional.of(join(session, known, linger));
        }
        if (count(session.upstream(), now) >= budget) {
            return Optional.empty();
        }
        Held fresh = new Held();
        held.put(session, fresh);
        return Optional.of(join(session, fresh, linger));
    }

    /** Whether {@code session} counts now (for a node that checks before asking a shared table). */
    synchronized boolean holds(EngineSession session) {
        Held known = held.get(session);
        return known != null && (known.tunnels > 0 || known.until.isAfter(clock.instant()));
    }

    private EngineSessionLease join(EngineSession session, Held entry, Duration linger) {
        entry.tunnels++;
        entry.until = Instant.MAX;
        return new EngineSessionLease() {
            private boolean released;

            @Override
            public void release() {
                synchronized (LocalEngineSessions.this) {
                    if (released) {
                        return;
                    }
                    released = true;
                    if (--entry.tunnels > 0) {
                        return;
                    }
                    if (linger.isZero()) {
                        held.remove(session, entry);
                    } else {
                        entry.until = clock.instant().plus(linger);
                    }
                }
                lastClosed.accept(session, linger);
            }
        };
    }

    /** Sessions of {@code upstream} that count at {@code now}, dropping those whose linger ended. */
    private long count(String upstream, Instant now) {
        long counted = 0;
        for (Iterator<Map.Entry<EngineSession, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<EngineSession, Held> entry = it.next();
            Held one = entry.getValue();
            if (one.tunnels == 0 && !one.until.isAfter(now)) {
                it.remove();
            } else if (entry.getKey().upstream().equals(upstream)) {
                counted++;
            }
        }
        return counted;
    }

    @Override
    public synchronized long inUse(String upstream) {
        return count(upstream, clock.instant());
    }

    /** Sessions with an open tunnel on this node, for a shared table's renewal. */
    synchronized java.util.List<EngineSession> open() {
        return held.entrySet().stream()
                .filter(entry -> entry.getValue().tunnels > 0)
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public void close() {}
}
