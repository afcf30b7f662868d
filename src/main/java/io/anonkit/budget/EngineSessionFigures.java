package io.anonkit.budget;

/**
 * The engine session budget now, for metrics and the status panel.
 *
 * @param inUse      visitor engine sessions that count now (across the cluster with a shared database)
 * @param budget     the budget in force ({@code ANONKIT_ENGINE_SESSIONS})
 * @param overflowed tunnels this node sent to the shared read-only view because the budget was spent, since start
 */
public record EngineSessionFigures(long inUse, long budget, long overflowed) {
    /** Before the gateway started. */
    public static final EngineSessionFigures NONE = new EngineSessionFigures(0, 0, 0);
}
