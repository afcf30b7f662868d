package io.anonkit.session;

import io.anonkit.identity.IdentityPolicy.InjectedHeader;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Qlik proxy session held by the kit: the identity it was opened with and, once open, its session cookie. The
 * cookie never leaves the kit; every request and tunnel sent with this session carries it and the same identity.
 */
public final class PooledSession {
    private final int index;
    private final Optional<InjectedHeader> identity;
    private final AtomicReference<String> cookie = new AtomicReference<>();
    private final AtomicReference<String> csrfToken = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Optional<String>>> csrfFetch = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<PooledSession>> opening = new AtomicReference<>();
    private volatile Runnable onChange = () -> { };

    PooledSession(int index, Optional<InjectedHeader> identity) {
        this.index = index;
        this.identity = identity;
    }

    /** Runs {@code listener} after every change of the cookie. */
    void onChange(Runnable listener) {
        onChange = listener;
    }

    /** Takes a cookie kept from an earlier run, without telling the change listener. */
    void restore(String pair) {
        cookie.set(pair);
    }

    /** The identity as one line, {@code name: value}, or {@code -} in the {@code none} mode. */
    String identityLine() {
        return identity.map(h -> h.name() + ": " + h.value()).orElse("-");
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
            csrfToken.set(token.trim());
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
     * Takes note of a {@code Set-Cookie} value Qlik sent for this session: a new session cookie replaces the old one
     * (after an expiry or a Qlik restart), an expired or empty one closes the session so that it is opened again.
     *
     * @return whether the header was a Qlik session cookie
     */
    public boolean observe(String setCookie) {
        Optional<String> pair = SessionCookies.qlikSessionPair(setCookie);
        if (pair.isEmpty()) {
            return false;
        }
        String lower = setCookie.toLowerCase(Locale.ROOT);
        boolean deleted = pair.get().endsWith("=") || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970");
        String previous = cookie.getAndSet(deleted ? null : pair.get());
        if (!java.util.Objects.equals(previous, cookie.get())) {
            // Qlik ties a CSRF token to the session that issued it: a new session needs its own.
            csrfToken.set(null);
            onChange.run();
        }
        return true;
    }

    /** Opens this session once however many callers ask at the same time; a failed opening may be retried. */
    CompletableFuture<PooledSession> open(SessionOpener opener, String host) {
        CompletableFuture<PooledSession> created = new CompletableFuture<>();
        CompletableFuture<PooledSession> existing = opening.compareAndExchange(null, created);
        if (existing != null) {
            return existing;
        }
        opener.open(this, host).whenComplete((pair, failure) -> {
            if (failure == null && pair.isPresent()) {
                cookie.set(pair.get());
                onChange.run();
                opening.set(null);
                created.complete(this);
            } else {
                opening.set(null);
                created.completeExceptionally(failure != null ? failure
                        : new SessionOpeningException("the Qlik virtual proxy set no X-Qlik-Session cookie"));
            }
        });
        return created;
    }

    @Override
    public String toString() {
        return "PooledSession[" + index + ", " + identity.map(InjectedHeader::value).orElse("-") + ", "
                + (isOpen() ? "open" : "closed") + "]";
    }
}
