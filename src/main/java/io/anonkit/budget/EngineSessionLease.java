package io.anonkit.budget;

/** One tunnel's hold on an engine session under the budget; given back once, when the tunnel ends. */
public interface EngineSessionLease {
    /** Gives the hold back; the session still counts for the linger time if this was its last tunnel. */
    void release();
}
