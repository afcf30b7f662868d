package io.anonkit.session;

import io.anonkit.identity.IdentityPolicy.InjectedHeader;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Qlik proxy session held by the kit: the identity it was opened with and, once open, its session cookie. The
 * cookie never leaves the kit; every request and tunnel sent with this session carries it and the same identity.
 */
public final class PooledSession {
    /** How often, at most, the records hear that Qlik still accepts the session ({@link SessionRecords#confirmed}). */
    public static final Duration CONFIRM_EVERY = Duration.ofMinutes(1);

    private final String upstream;
    private final int index;
    private final Optional<InjectedHeader> identity;
    private final SessionOpener opener;
    private final SessionRecords records;
    private final SessionEvents events;
    private final AtomicReference<String> cookie = new AtomicReference<>();
    private final AtomicReference<String> csrfToken = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Optional<String>>> csrfFetch = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<PooledSession>> opening = new AtomicReference<>();
    private final AtomicLong confirmedAt = new AtomicLong(System.nanoTime());
    private volatile long generation;
    private volatile String recordedCookie;

    PooledSession(
            String upstream,
            int index,
            Optional<InjectedHeader> identity,
            SessionOpener opener,
            SessionRecords records,
            SessionEvents events) {
        this.upstream = upstream;
        this.index = index;
        this.identity = identity;
        this.opener = opener;
        this.records = records;
        this.events = events;
    }

    /**
     * Takes a cookie (and its CSRF token, when known) that the records hold, without telling them: kept from an
     * earlier run, or opened or replaced by another node. Takes it only while the session still holds
     * {@code expected}, so that a newer cookie this node learned meanwhile is not lost.
     *
     * @param expected   the cookie the session must hold now for the change to apply, {@code null} for none
     * @param pair       the cookie's {@code name=value}, or {@code null} for none
     * @param token      its CSRF token, or {@code null} when not known
     * @param generation the records' count of changes that this cookie is the result of
     * @return whether the session took it
     */
    public boolean adopt(String expected, String pair, String token, long generation) {
        if (!cookie.compareAndSet(expected, pair)) {
            return false;
        }
        csrfToken.set(token);
        recorded(pair, generation);
        return true;
    }

    /**
     * Gives up {@code pair}, a replacement Qlik opened that the records could not take and that another node replaces
     * (its records are away): the position counts as closed on this node, holding no cookie of its own, until the
     * records hand it the one they keep. The caller ends {@code pair} at Qlik.
     *
     * @return whether the session still held {@code pair} and gave it up
     */
    public boolean giveUp(String pair) {
        if (!cookie.compareAndSet(pair, null)) {
            return false;
        }
        csrfToken.set(null);
        recorded(null, generation);
        return true;
    }

    /** The records' count of changes that {@link #recordedCookie} is the result of, as far as this node knows. */
    public long generation() {
        return generation;
    }

    /**
     * The cookie the records held at {@link #generation} when this node last wrote or read them; differs from
     * {@link #cookie} while a replacement this node saw is not recorded yet.
     */
    public Optional<String> recordedCookie() {
        return Optional.ofNullable(recordedCookie);
    }

    /** Takes note that the records hold {@code cookie} (or none) as the result of their {@code generation}th change. */
    public synchronized void recorded(String cookie, long generation) {
        this.recordedCookie = cookie;
        this.generation = generation;
    }

    /**
     * Takes note that Qlik answered a request sent with the session's cookie without replacing it, and tells the
     * records when the last such note they heard is older than {@link #CONFIRM_EVERY}.
     */
    public void confirm() {
        long now = System.nanoTime();
        long last = confirmedAt.get();
        if (now - last > CONFIRM_EVERY.toNanos() && confirmedAt.compareAndSet(last, now)) {
            records.confirmed(this);
        }
    }

    /** The identity as one line, {@code name: value}, or {@code -} in the {@code none} mode. */
    public String identityLine() {
        return identity.map(h -> h.name() + ": " + h.value()).orElse("-");
    }

    /** The Qlik virtual proxy the session belongs to. */
    public String upstream() {
        return upstream;
    }

    /** Position of this session in its pool, from 0. */
    public int index() {
        return index;
    }

    /** The identity header sent with this session, empty in the {@code none} mode. */
    public Optional<InjectedHeader> identity() {
        return identity;
    }

    /** The {@code name=value} of the Qlik session cookie, or empty while no session is open. */
    public Optional<String> cookie() {
        return Optional.ofNullable(cookie.get());
    }

    /** The {@code qlik-csrf-token} Qlik issued to this session, once the kit has seen it. */
    public Optional<String> csrfToken() {
        return Optional.ofNullable(csrfToken.get());
    }

    /** Takes note of the {@code qlik-csrf-token} of an answer Qlik sent through this session. */
    public void observeCsrfToken(String token) {
        if (token != null && !token.isBlank()) {
            String trimmed = token.trim();
            if (!trimmed.equals(csrfToken.getAndSet(trimmed))) {
                records.csrfTokenChanged(this);
            }
        }
    }

    /**
     * The token fetch under way for this session, or {@code fetch} when none is, which the caller then runs and
     * completes; so however many engine WebSockets need the token at once, Qlik is asked once.
     */
    public CompletableFuture<Optional<String>> csrfFetch(CompletableFuture<Optional<String>> fetch) {
        CompletableFuture<Optional<String>> running = csrfFetch.compareAndExchange(null, fetch);
        return running == null ? fetch : running;
    }

    /** Ends {@code fetch}, so that a later need asks Qlik again. */
    public void csrfFetchDone(CompletableFuture<Optional<String>> fetch) {
        csrfFetch.compareAndSet(fetch, null);
    }

    /** Forgets {@code token} if it is still this session's, so that the next engine WebSocket asks Qlik again. */
    public void forgetCsrfToken(String token) {
        csrfToken.compareAndSet(token, null);
    }

    boolean isOpen() {
        return cookie.get() != null;
    }

    /**
     * Takes note of a {@code Set-Cookie} value Qlik sent for a request made with this session: a new session cookie
     * replaces the old one (after an expiry or a Qlik restart), an expired or empty one closes the session so that it
     * is opened again.
     *
     * <p>Qlik opens a new session for every request that arrives with a cookie it no longer knows, so several requests
     * under way when a session ends each bring a new cookie. The first replaces the cookie they were sent with; every
     * later one is a session the pool does not need, and is ended at Qlik at once ({@link SessionOpener#close}) so that
     * the user's count of sessions stays within the pool's size.
     *
     * @param setCookie the header value
     * @param sent      the cookie the request carried
     * @return whether the header was a Qlik session cookie
     */
    public boolean observe(String setCookie, Optional<String> sent) {
        Optional<String> pair = SessionCookies.qlikSessionPair(setCookie);
        if (pair.isEmpty()) {
            return false;
        }
        String lower = setCookie.toLowerCase(Locale.ROOT);
        boolean deleted =
                pair.get().endsWith("=") || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970");
        String next = deleted ? null : pair.get();
        String carried = sent.orElse(null);
        if (Objects.equals(carried, next)) {
            return true;
        }
        if (cookie.compareAndSet(carried, next)) {
            // Qlik ties a CSRF token to the session that issued it: a new session needs its own.
            csrfToken.set(null);
            if (next != null) {
                events.replaced();
            }
            records.changed(this, Optional.ofNullable(carried));
        } else if (next != null && !next.equals(cookie.get())) {
            opener.close(this, next);
        }
        return true;
    }

    /** Opens this session once however many callers ask at the same time; a failed opening may be retried. */
    CompletableFuture<PooledSession> open(String host) {
        CompletableFuture<PooledSession> created = new CompletableFuture<>();
        CompletableFuture<PooledSession> existing = opening.compareAndExchange(null, created);
        if (existing != null) {
            return existing;
        }
        records.open(this, () -> opener.open(this, host)).whenComplete((pair, failure) -> {
            if (failure == null && pair.isPresent()) {
                // Records shared by several nodes may have adopted the cookie already, with its token.
                String previous = cookie.getAndSet(pair.get());
                if (!pair.get().equals(previous)) {
                    csrfToken.set(null);
                    records.changed(this, Optional.ofNullable(previous));
                }
                opening.set(null);
                created.complete(this);
            } else {
                opening.set(null);
                created.completeExceptionally(
                        failure != null
                                ? failure
                                : new SessionOpeningException("the Qlik virtual proxy set no X-Qlik-Session cookie"));
            }
        });
        return created;
    }

    @Override
    public String toString() {
        return "PooledSession[" + index + ", "
                + identity.map(InjectedHeader::value).orElse("-") + ", " + (isOpen() ? "open" : "closed") + "]";
    }
}
