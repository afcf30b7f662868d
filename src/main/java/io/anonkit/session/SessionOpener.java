package io.anonkit.session;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Opens a Qlik proxy session for a pooled slot, for example with {@code GET <upstream>/qps/user}, and ends one. */
public interface SessionOpener {
    /**
     * Asks Qlik for a new session with the slot's identity.
     *
     * @param session the slot to open
     * @param host    the Host header of the visitor request that needs the session
     * @return the {@code name=value} of the session cookie Qlik set, or empty if it set none
     */
    CompletableFuture<Optional<String>> open(PooledSession session, String host);

    /**
     * Ends the Qlik session of {@code cookie}, which Qlik opened with the slot's identity but the pool does not use (for
     * example {@code DELETE <upstream>/qps/user}), so that it stops counting against the user's limit at once. By
     * default nothing is sent and Qlik ends the session after its inactivity timeout.
     */
    default CompletableFuture<Void> close(PooledSession session, String cookie) {
        return CompletableFuture.completedFuture(null);
    }
}
