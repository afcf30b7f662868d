package io.anonkit.session;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Opens a Qlik proxy session for a pooled slot, for example with {@code GET <upstream>/qps/user}. */
@FunctionalInterface
public interface SessionOpener {
    /**
     * Asks Qlik for a new session with the slot's identity.
     *
     * @param session the slot to open
     * @param host    the Host header of the visitor request that needs the session
     * @return the {@code name=value} of the session cookie Qlik set, or empty if it set none
     */
    CompletableFuture<Optional<String>> open(PooledSession session, String host);
}
