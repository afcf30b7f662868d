package io.anonkit.proxy;

import io.anonkit.budget.EngineSession;
import io.anonkit.budget.EngineSessionBudget;
import io.anonkit.budget.EngineSessionFigures;
import io.anonkit.budget.EngineSessionLease;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds every engine WebSocket that asks for an engine session of its own to the budget
 * ({@code ANONKIT_ENGINE_SESSIONS}). Within it the tunnel keeps its identity and a lease it gives back when it ends;
 * over it the tunnel is not refused but goes to the app's shared engine session, without its identity, where the engine
 * firewall keeps it read-only. The visitor's handshake answer says which, in {@value #HEADER}.
 */
final class EngineSessionGate {
    /**
     * The handshake answer's header: {@code own}, {@code shared} (no identity asked), {@code overflow} (the budget was
     * spent), or {@code unchecked} in the {@code open} profile, which checks nothing, the budget included.
     */
    static final String HEADER = "X-Anonkit-Engine-Session";

    private static final System.Logger LOG = System.getLogger(EngineSessionGate.class.getName());

    private final EngineSessionBudget budget;
    private final LongAdder overflowed = new LongAdder();
    private final RateLimitedLog spentLog = new RateLimitedLog(LOG, Duration.ofSeconds(30), Clock.systemUTC());

    EngineSessionGate(EngineSessionBudget budget) {
        this.budget = budget;
    }

    /**
     * What the handshake of {@code exchange} goes on with.
     *
     * @param exchange the exchange the gateway resolved
     * @param lease    the hold to give back when the tunnel ends; empty on the shared session
     * @param answer   the value of {@value #HEADER}
     */
    record Admission(UpstreamExchange exchange, Optional<EngineSessionLease> lease, String answer) {}

    /** Admits the engine WebSocket of {@code exchange} to its own session, or sends it to the shared one. */
    Admission admit(UpstreamExchange exchange) {
        if (exchange.app().isEmpty()) {
            return new Admission(exchange, Optional.empty(), "unchecked");
        }
        Optional<String> identity = exchange.engineIdentity();
        if (identity.isEmpty()) {
            return new Admission(exchange, Optional.empty(), "shared");
        }
        Settings settings = exchange.settings();
        int allowed = settings.engine().sessionBudget();
        Optional<EngineSessionLease> lease = budget.acquire(
                new EngineSession(
                        settings.upstream().orElseThrow().toString(),
                        exchange.app().orElse(""),
                        identity.get()),
                allowed,
                settings.engine().sessionLinger());
        if (lease.isPresent()) {
            return new Admission(exchange, lease, "own");
        }
        overflowed.increment();
        spentLog.warn(
                () -> "the engine session budget (" + allowed + ", ANONKIT_ENGINE_SESSIONS) is spent: new visitors"
                        + " get the app's shared read-only view until sessions end");
        return new Admission(exchange.onSharedEngineSession(), Optional.empty(), "overflow");
    }

    /**
     * Whether the budget of {@code settings} is spent now: a new engine session would overflow. Pages ask on every
     * render, so the answer is kept for {@link #SPENT_KEPT}: it is a hint, the tunnel decides.
     */
    boolean spent(Settings settings) {
        long now = System.nanoTime();
        Spent last = lastSpent;
        if (last != null && last.settings() == settings && now - last.at() < SPENT_KEPT.toNanos()) {
            return last.spent();
        }
        EngineSessionFigures figures = figures(settings);
        boolean answer = figures.inUse() >= figures.budget();
        lastSpent = new Spent(settings, answer, now);
        return answer;
    }

    /** How long a page's question whether the budget is spent is answered from the last count. */
    static final Duration SPENT_KEPT = Duration.ofMillis(250);

    private record Spent(Settings settings, boolean spent, long at) {}

    private volatile Spent lastSpent;

    /** The budget's figures for {@code settings}. */
    EngineSessionFigures figures(Settings settings) {
        return new EngineSessionFigures(
                settings.upstream()
                        .map(upstream -> budget.inUse(upstream.toString()))
                        .orElse(0L),
                settings.engine().sessionBudget(),
                overflowed.sum());
    }
}
