package io.anonkit.session;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where a pool's sessions are kept beyond one node's memory: nowhere, a file for one node ({@link PooledSessionsFile}),
 * or a table that every node of a cluster shares ({@code io.anonkit.session.jdbc.SharedSessionTable}). The pool tells
 * its records of every change and lets them decide how a session is opened.
 */
public interface SessionRecords {
    /** Records that keep nothing: the sessions live and die with the pool. */
    SessionRecords NONE = new SessionRecords() {};

    /** Takes the sessions kept for {@code pool} into it, once, when the pool is built. */
    default void restore(UpstreamSessionPool pool) {}

    /**
     * Opens {@code session}: by default at Qlik at once ({@code openAtQlik}); records shared by several nodes may
     * instead hand over a session another node opened, so that one opening serves them all.
     *
     * @return the {@code name=value} of the session cookie to use, or empty if Qlik set none
     */
    default CompletableFuture<Optional<String>> open(
            PooledSession session, Supplier<CompletableFuture<Optional<String>>> openAtQlik) {
        return openAtQlik.get();
    }

    /** {@code session} now holds another cookie (or none) than {@code previous}: after an opening or a replacement. */
    default void changed(PooledSession session, Optional<String> previous) {}

    /** Qlik answered through {@code session} without replacing it; told at most every {@link PooledSession#CONFIRM_EVERY}. */
    default void confirmed(PooledSession session) {}

    /** {@code session} learned its CSRF token. */
    default void csrfTokenChanged(PooledSession session) {}
}
