package io.anonkit.proxy;

import io.anonkit.access.AccessPolicy;
import io.anonkit.cache.AssetStore;
import io.anonkit.cache.CacheKey;
import io.anonkit.cache.CacheRules;
import io.anonkit.cache.StoredAnswer;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDerived;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Answers GET and HEAD requests for Qlik's static assets from the shared cache ({@code ANONKIT_CACHE_SIZE}): the
 * qlik-embed runtime ({@code /qlik-embed/}), Qlik's {@code /resources/}, the allowed apps' images and the site's extra
 * paths. A fresh stored answer is sent without asking Qlik, with its {@code Age}, and a visitor's own conditional
 * request is answered 304 from it; a missing or stale one is fetched (conditionally when it has a validator) by one
 * request per key at a time, everyone else waiting for it. The fill request carries only what the key holds (see
 * {@link UpstreamHeaders#forCacheFill}). An answer that may not be shared (see {@link CacheRules#whyNotStored}) goes to
 * the request that fetched it alone, and its key is left to the proxy for a while; a body larger than an entry may be,
 * a GET with a body, or a fetch that fails or takes too long leaves the request to the proxy, as without the cache.
 */
final class CachedAssets {
    /** Headers of Qlik's answer the cache never keeps: the connection's, those it writes itself, a session's token. */
    private static final Set<String> NOT_KEPT = Set.of(
            "connection",
            "keep-alive",
            "transfer-encoding",
            "content-length",
            "date",
            "age",
            "set-cookie",
            "proxy-connection",
            "te",
            "trailer",
            "upgrade",
            "qlik-csrf-token");

    private final Gateway gateway;
    private final Clock clock;
    private final SettingsDerived<Key, Optional<AssetStore>> stores;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder revalidations = new LongAdder();
    private final LongAdder passes = new LongAdder();
    /** Counts of replaced stores, so that the totals since start go on when the size or the upstream changes. */
    private final LongAdder retiredCoalesced = new LongAdder();

    private final LongAdder retiredEvictions = new LongAdder();
    /**
     * Keys whose fill failed (a body larger than an entry may be, Qlik unreachable or silent): left to the proxy for a
     * while, so that a large file is not fetched twice on every request.
     */
    private final com.github.benmanes.caffeine.cache.Cache<CacheKey, Boolean> passing =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumSize(10_000)
                    .expireAfterWrite(PASS_TIME)
                    .executor(Runnable::run)
                    .build();
    /** Longest a request thread waits for a fill, its own or another's. */
    static final Duration FILL_WAIT = Duration.ofSeconds(5);
    /** How long a key whose fill failed is left to the proxy. */
    static final Duration PASS_TIME = Duration.ofMinutes(1);

    /** The part of the settings a store depends on: a change of any drops every stored answer. */
    private record Key(long maxBytes, Optional<java.net.URI> upstream, List<Object> identity) {
        static Key of(Settings settings) {
            return new Key(
                    settings.cache().maxBytes(),
                    settings.upstream(),
                    List.of(
                            settings.identityMode(),
                            settings.identityHeader(),
                            settings.identityPattern(),
                            settings.userDirectory(),
                            settings.userId(),
                            settings.sessions().userIdCount()));
        }
    }

    CachedAssets(Gateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
        this.stores = new SettingsDerived<>(
                Key::of,
                settings -> settings.cache().enabled()
                        ? Optional.of(new AssetStore(
                                settings.cache().maxBytes(), settings.cache().maxEntryBytes()))
                        : Optional.empty(),
                (replaced, next) -> replaced.ifPresent(old -> {
                    retiredCoalesced.add(old.coalescedWaits());
                    retiredEvictions.add(old.evictions());
                    old.purge();
                }));
    }

    /** The store for {@code settings}, empty when the cache is off. */
    Optional<AssetStore> store(Settings settings) {
        return stores.get(settings);
    }

    /** Answers {@code request} from the cache when it may, and says whether it did; false leaves it to the proxy. */
    boolean serve(HttpServletRequest request, HttpServletResponse response, UpstreamExchange exchange)
            throws IOException {
        String remainder = exchange.remainder();
        Settings settings = exchange.settings();
        Optional<AssetStore> store = store(settings);
        if (store.isEmpty() || exchange.session().isEmpty() || !cacheable(request, settings, remainder)) {
            // Without a pooled session each visitor's requests carry their own Qlik session: nothing is shared.
            return false;
        }
        String encodings = CacheKey.encodings(request.getHeader("Accept-Encoding"));
        HttpFields fill = UpstreamHeaders.forCacheFill(request, exchange, encodings);
        CacheKey key = new CacheKey(
                targetOf(exchange.target()),
                fill.get(HttpHeader.HOST) + " " + fill.get(HttpHeader.X_FORWARDED_HOST) + " " + request.getScheme(),
                exchange.identity().map(header -> header.value()).orElse(""),
                encodings);
        if (passing.getIfPresent(key) != null) {
            passes.increment();
            return false;
        }
        Optional<StoredAnswer> stored = store.get().get(key);
        if (stored.isPresent() && stored.get().freshAt(clock.instant())) {
            hits.increment();
            write(request, response, stored.get());
            return true;
        }
        // A request thread waits for a fill at most FILL_WAIT, as nginx's proxy_cache_lock_timeout bounds its lock:
        // past it the request goes to the proxy (which does not hold the thread), and the fill still stores its answer.
        long wait = Math.min(
                FILL_WAIT.toMillis(),
                settings.connectTimeout().plus(settings.idleTimeout()).toMillis());
        AtomicReference<Fetched> own = new AtomicReference<>();
        Optional<StoredAnswer> filled;
        try {
            filled = store.get()
                    .fill(key, () -> fetch(key, exchange, fill, stored, own))
                    .get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException e) {
            passes.increment();
            return false;
        } catch (ExecutionException e) {
            passing.put(key, Boolean.TRUE);
            passes.increment();
            return false;
        }
        if (filled.isPresent()) {
            if (own.get() == null) {
                // Another request's fill answered this one: served without asking Qlik.
                hits.increment();
            } else if (stored.isPresent()) {
                revalidations.increment();
            } else {
                misses.increment();
            }
            write(request, response, filled.get());
            return true;
        }
        passes.increment();
        Fetched mine = own.get();
        if (mine == null) {
            // A waiter of an answer that may not be shared: it asks Qlik for its own, through the proxy.
            return false;
        }
        // This caller fetched an answer that may not be shared: it is still this caller's own answer, sent once.
        writeOwn(request, response, mine);
        return true;
    }

    /** Whether the cache may answer {@code request}: a GET or HEAD without a body, for a static route. */
    private static boolean cacheable(HttpServletRequest request, Settings settings, String remainder) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            // A GET with a body: what Qlik reads from it is not in the key (a "fat GET").
            return false;
        }
        return AccessPolicy.isStaticRoute(settings, remainder);
    }

    /** The path and query of {@code target}, the key's target. */
    private static String targetOf(String target) {
        int scheme = target.indexOf("://");
        int path = target.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        return path < 0 ? "/" : target.substring(path);
    }

    /**
     * Asks Qlik for the answer (conditionally, with the validators of a {@code stale} answer) and makes it an entry
     * when it may be shared.
     */
    private CompletableFuture<Optional<StoredAnswer>> fetch(
            CacheKey key,
            UpstreamExchange exchange,
            HttpFields fill,
            Optional<StoredAnswer> stale,
            AtomicReference<Fetched> own) {
        Settings settings = exchange.settings();
        HttpFields.Mutable headers = HttpFields.build(fill);
        stale.ifPresent(answer -> {
            Optional.ofNullable(answer.headers().get(HttpHeader.ETAG))
                    .ifPresent(etag -> headers.put(HttpHeader.IF_NONE_MATCH, etag));
            Optional.ofNullable(answer.headers().get(HttpHeader.LAST_MODIFIED))
                    .ifPresent(modified -> headers.put(HttpHeader.IF_MODIFIED_SINCE, modified));
        });
        Request upstream = gateway.client(settings)
                .newRequest(exchange.target())
                .attribute(UpstreamExchange.ATTRIBUTE, exchange)
                .method("GET")
                .headers(h -> h.clear().add(headers))
                .timeout(settings.connectTimeout().plus(settings.idleTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        AssetStore store = store(settings).orElseThrow();
        return new CompletableResponseListener(upstream, store.maxEntryBytes())
                .send()
                .thenApply(answer -> {
                    List<String> visitorCookies = observeCookies(exchange, headers, answer);
                    own.set(new Fetched(answer, visitorCookies));
                    return entry(key, exchange, headers, answer, visitorCookies, stale);
                });
    }

    /**
     * Hands every {@code Set-Cookie} of {@code answer} to the pooled session, which keeps its own session's cookie in
     * the kit as the proxy does, and returns the others: the cookies a visitor would get.
     */
    private static List<String> observeCookies(UpstreamExchange exchange, HttpFields sent, ContentResponse answer) {
        List<String> setCookies = answer.getHeaders().getValuesList(HttpHeader.SET_COOKIE);
        if (setCookies.isEmpty() || exchange.session().isEmpty()) {
            return setCookies;
        }
        Optional<String> sentCookie = Optional.ofNullable(sent.get(HttpHeader.COOKIE));
        return setCookies.stream()
                .filter(setCookie -> !exchange.session().get().observe(setCookie, sentCookie))
                .toList();
    }

    /**
     * The entry {@code answer} makes, if it may be shared. Its pooled session's cookie never reaches a visitor, so it
     * does not count as a cookie of the answer; any other {@code Set-Cookie} ({@code visitorCookies}) does. A key whose
     * answer may not be shared for what the resource is (not for a failure of Qlik: a 5xx) is left to the proxy for
     * {@link #PASS_TIME}, so that later requests stream through without waiting on each other, as Varnish's
     * hit-for-miss does.
     */
    private Optional<StoredAnswer> entry(
            CacheKey key,
            UpstreamExchange exchange,
            HttpFields sent,
            ContentResponse answer,
            List<String> visitorCookies,
            Optional<StoredAnswer> stale) {
        Instant now = clock.instant();
        Settings settings = exchange.settings();
        // Qlik answered a request: its time counts as every proxied request's does (a hit asks Qlik nothing).
        gateway.metrics().upstreamAnswered(exchange.route(), exchange.started(), System.nanoTime());
        exchange.session().ifPresent(session -> session.confirm());
        Duration minTtl = settings.cache().minTtl();
        if (answer.getStatus() == 304 && stale.isPresent()) {
            // RFC 9111, section 4.3.4: the stored answer with the headers the 304 brings.
            HttpFields merged = merge(stale.get().headers(), kept(answer.getHeaders()));
            return Optional.of(stale.get().revalidated(merged, now, CacheRules.freshness(merged, now, minTtl)));
        }
        HttpFields.Mutable shared = HttpFields.build(answer.getHeaders());
        shared.remove(HttpHeader.SET_COOKIE);
        visitorCookies.forEach(setCookie -> shared.add(HttpHeader.SET_COOKIE, setCookie));
        if (CacheRules.whyNotStored(sent, answer.getStatus(), shared, minTtl).isPresent()) {
            if (answer.getStatus() < 500) {
                passing.put(key, Boolean.TRUE);
            }
            return Optional.empty();
        }
        HttpFields kept = kept(answer.getHeaders());
        return Optional.of(new StoredAnswer(
                answer.getStatus(),
                kept,
                answer.getContent(),
                now,
                CacheRules.freshness(answer.getHeaders(), now, minTtl)));
    }

    /** Qlik's answer headers less those the cache never keeps. */
    private static HttpFields kept(HttpFields answer) {
        HttpFields.Mutable kept = HttpFields.build();
        for (HttpField field : answer) {
            if (!NOT_KEPT.contains(field.getLowerCaseName())) {
                kept.add(field);
            }
        }
        return kept.asImmutable();
    }

    /** {@code stored} with every field {@code update} has replaced by the update's. */
    private static HttpFields merge(HttpFields stored, HttpFields update) {
        HttpFields.Mutable merged = HttpFields.build(stored);
        for (String name : update.getFieldNamesCollection()) {
            merged.remove(name);
        }
        update.forEach(merged::add);
        return merged.asImmutable();
    }

    /** Qlik's answer to a fill, and the cookies in it that are the visitor's (not the pooled session's). */
    private record Fetched(ContentResponse answer, List<String> visitorCookies) {}

    /**
     * Sends the fill's own caller the answer Qlik gave it that may not be shared, as the proxy would: its headers
     * filtered by {@link UpstreamResponseHeaders#filter} ({@code Location} and cookies rewritten to the mount, the
     * pooled session's cookie already taken out), so that Qlik is not asked a second time for it.
     */
    private static void writeOwn(HttpServletRequest request, HttpServletResponse response, Fetched fetched)
            throws IOException {
        ContentResponse answer = fetched.answer();
        response.setStatus(answer.getStatus());
        for (HttpField field : answer.getHeaders()) {
            String name = field.getLowerCaseName();
            if (NOT_KEPT.contains(name) && !name.equals("qlik-csrf-token")) {
                continue;
            }
            String value = UpstreamResponseHeaders.filter(request, answer, field.getName(), field.getValue());
            if (value != null) {
                response.addHeader(field.getName(), value);
            }
        }
        for (String setCookie : fetched.visitorCookies()) {
            response.addHeader(
                    HttpHeader.SET_COOKIE.asString(),
                    UpstreamResponseHeaders.visitorCookie(request, answer, setCookie));
        }
        byte[] body = answer.getContent();
        response.setContentLength(body.length);
        if (!request.getMethod().equals("HEAD") && body.length > 0) {
            response.getOutputStream().write(body);
        }
    }

    /** Sends {@code answer}: 304 for a visitor's matching conditional request, the headers alone for a HEAD. */
    private void write(HttpServletRequest request, HttpServletResponse response, StoredAnswer answer)
            throws IOException {
        long age = CacheRules.age(answer.headers(), answer.received(), clock.instant())
                .getSeconds();
        boolean notModified = answer.status() == 200 && notModified(request, answer.headers());
        response.setStatus(notModified ? 304 : answer.status());
        for (HttpField field : answer.headers()) {
            if (!notModified
                    || !HttpHeader.CONTENT_TYPE.is(field.getName())
                            && !HttpHeader.CONTENT_ENCODING.is(field.getName())) {
                response.addHeader(field.getName(), field.getValue());
            }
        }
        response.setHeader("Age", String.valueOf(age));
        if (notModified) {
            return;
        }
        response.setContentLength(answer.body().length);
        if (!request.getMethod().equals("HEAD") && answer.body().length > 0) {
            response.getOutputStream().write(answer.body());
        }
    }

    /** Whether the visitor's validators match (RFC 9110, section 13.1: If-None-Match first, weakly compared). */
    private static boolean notModified(HttpServletRequest request, HttpFields stored) {
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            String etag = stored.get(HttpHeader.ETAG);
            if (etag == null) {
                return false;
            }
            String ours = weak(etag);
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || weak(tag).equals(ours)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = request.getHeader("If-Modified-Since");
        String lastModified = stored.get(HttpHeader.LAST_MODIFIED);
        if (ifModifiedSince == null || lastModified == null) {
            return false;
        }
        Optional<Instant> since = CacheRules.date(ifModifiedSince);
        Optional<Instant> modified = CacheRules.date(lastModified);
        return since.isPresent() && modified.isPresent() && !modified.get().isAfter(since.get());
    }

    private static String weak(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    /** The figures of the cache for {@code settings}: counts since start, and what the current store holds. */
    io.anonkit.cache.CacheFigures figures(Settings settings) {
        Optional<AssetStore> store = store(settings);
        return new io.anonkit.cache.CacheFigures(
                hits(),
                misses(),
                revalidations(),
                passes(),
                store.map(AssetStore::coalescedWaits).orElse(0L) + retiredCoalesced.sum(),
                store.map(AssetStore::entries).orElse(0L),
                store.map(AssetStore::bytes).orElse(0L),
                settings.cache().enabled() ? settings.cache().maxBytes() : 0,
                store.map(AssetStore::evictions).orElse(0L) + retiredEvictions.sum());
    }

    /** Drops every stored answer now (the admin's purge) and says how many there were; the store stays. */
    long purge(Settings settings) {
        return store(settings)
                .map(current -> {
                    long entries = current.entries();
                    current.purge();
                    return entries;
                })
                .orElse(0L);
    }

    /** Answers served from a fresh entry, since start. */
    long hits() {
        return hits.sum();
    }

    /** Answers fetched from Qlik and stored, since start. */
    long misses() {
        return misses.sum();
    }

    /** Stale answers Qlik confirmed or replaced, since start. */
    long revalidations() {
        return revalidations.sum();
    }

    /** Cacheable requests left to the proxy (an answer that may not be shared, too large, or a failed fetch). */
    long passes() {
        return passes.sum();
    }
}
