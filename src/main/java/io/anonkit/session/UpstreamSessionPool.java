package io.anonkit.session;

import io.anonkit.identity.IdentityPolicy;
import io.anonkit.settings.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code sessionPoolSize} Qlik proxy sessions per user id, shared by every visitor.
 *
 * <p>Qlik allows one user 5 parallel proxy sessions, and counts a session per cookie-less request. The pool therefore
 * opens each session once, keeps its cookie on the server side, and sends every visitor request with one of them,
 * round robin. A session is opened only when the round robin first reaches it, so a quiet site holds few. Requests
 * that arrive while no session is open yet wait for the one being opened instead of opening their own, so any number
 * of concurrent cookie-less visitors open at most {@code size} sessions per user id.
 *
 * <p>Visitors map to sessions per request, not per visitor: Qlik keys engine sessions (and so selections) by user,
 * app and {@code identity}, not by proxy session, so any pooled session serves any visitor equally well. Per-request
 * mapping needs no visitor cookie, spreads the load evenly, and survives a kit restart or a load balancer moving a
 * visitor to another node. A WebSocket tunnel keeps the session it was opened with for its lifetime.
 */
public final class UpstreamSessionPool {
    private final String upstream;
    private final List<PooledSession> sessions;
    private final AtomicInteger next = new AtomicInteger();

    private UpstreamSessionPool(String upstream, List<PooledSession> sessions) {
        this.upstream = upstream;
        this.sessions = List.copyOf(sessions);
    }

    /**
     * The pool for {@code settings}: {@code userIdCount} user ids, each with {@code sessionPoolSize} sessions, which
     * {@code opener} opens and {@code records} keep, telling {@code events} of replacements.
     */
    public static UpstreamSessionPool of(
            Settings settings, SessionOpener opener, SessionRecords records, SessionEvents events) {
        List<String> userIds = settings.sessions().userIds(settings.userId());
        String upstream = settings.upstream().map(URI::toString).orElse("");
        List<PooledSession> sessions = new ArrayList<>();
        for (int round = 0; round < settings.sessions().poolSize(); round++) {
            for (String userId : userIds) {
                sessions.add(new PooledSession(
                        upstream, sessions.size(), IdentityPolicy.injected(settings, userId), opener, records, events));
            }
        }
        return new UpstreamSessionPool(upstream, sessions);
    }

    /** The Qlik virtual proxy the sessions belong to. */
    public String upstream() {
        return upstream;
    }

    /** Every session of the pool, open or not. */
    public List<PooledSession> sessions() {
        return sessions;
    }

    /**
     * A session for the next request: the next one in round-robin order if it is open; otherwise that one starts
     * opening and another open session serves meanwhile; with none open, the caller waits for the opening.
     *
     * @param host the visitor's Host header, sent when a session must be opened
     */
    public CompletableFuture<PooledSession> acquire(String host) {
        int start = Math.floorMod(next.getAndIncrement(), sessions.size());
        PooledSession chosen = sessions.get(start);
        if (chosen.isOpen()) {
            return CompletableFuture.completedFuture(chosen);
        }
        CompletableFuture<PooledSession> opening = chosen.open(host);
        for (int i = 1; i < sessions.size(); i++) {
            PooledSession other = sessions.get((start + i) % sessions.size());
            if (other.isOpen()) {
                return CompletableFuture.completedFuture(other);
            }
        }
        return opening;
    }
}
