package io.anonkit.budget;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides which tunnels may hold an engine session of their own. A session counts from its first tunnel until
 * {@code linger} after its last one closed, as long as Qlik's engine keeps it; a tunnel for a session that still counts
 * (a second tab, a resume) joins it without counting again.
 */
public interface EngineSessionBudget extends AutoCloseable {
    /**
     * Servlet context attribute holding a {@link java.util.function.BooleanSupplier} that says whether the budget in force
     * is spent, so that a page gives no new visitor an identity it could not use; absent where no gateway runs.
     */
    String SPENT_ATTRIBUTE = EngineSessionBudget.class.getName() + ".spent";

    /**
     * A hold on {@code session} for one tunnel, or empty when {@code budget} sessions already count.
     *
     * @param session the engine session the tunnel would open or join
     * @param budget  most sessions that may count at once, from the settings in force
     * @param linger  how long a session counts after its last tunnel closed
     */
    Optional<EngineSessionLease> acquire(EngineSession session, int budget, Duration linger);

    /** Sessions of {@code upstream} that count now: across the cluster where the budget is shared. */
    long inUse(String upstream);

    @Override
    void close();
}
