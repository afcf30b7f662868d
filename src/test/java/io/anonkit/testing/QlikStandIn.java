package io.anonkit.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A stand-in for a Qlik Sense virtual proxy, in test code only. It records every request's header fields exactly as
 * received (names as spelled, duplicates kept, in order) and behaves like QPS where the kit cares:
 * <ul>
 *   <li>a request without a valid session cookie opens a new proxy session and gets its
 *       {@code X-Qlik-Session-<prefix>} cookie ({@code Path=/}, {@code HttpOnly}); {@link #expireSessions()} ends
 *       every session, as an inactivity timeout or a Qlik restart does;</li>
 *   <li>WebSocket upgrades under {@code /<prefix>/app/} and {@code /<prefix>/hub/} are recorded like requests and
 *       echo every message ({@link StandInWebSockets}); a path containing {@code refuse} is refused with 403;</li>
 *   <li>{@code /<prefix>/qps/user} answers the user named by the identity header;</li>
 *   <li>{@code /<prefix>/qlik-embed/main.js} serves a small runtime for the qlik-embed loader, and
 *       {@code /<prefix>/qps/csrftoken} a CSRF token header;</li>
 *   <li>{@code /redirect} answers 302 to an absolute URL on the Host it received, as QPS does;</li>
 *   <li>{@code /download?bytes=N} streams N bytes; {@code /upload} counts the body;</li>
 *   <li>{@code /hang?ms=N} stays silent N ms; {@code /reset} drops the connection.</li>
 * </ul>
 */
public final class QlikStandIn implements AutoCloseable {
    /** The virtual proxy prefix the stand-in serves. */
    public static final String PREFIX = "/hdr";
    /** Name of its session cookie. */
    public static final String SESSION_COOKIE = "X-Qlik-Session-hdr";

    private volatile String sessionCookieName = SESSION_COOKIE;
    private volatile int visibleApps = 1;
    private volatile int visibleStreams = 1;
    private volatile int analyticConnections;

    /**
     * One request as the stand-in received it.
     *
     * @param method    the method
     * @param pathQuery the raw path and query
     * @param fields    the header fields, as received
     * @param bodyBytes how many body bytes arrived
     * @param trailers  the trailer fields, if any
     */
    public record Recorded(
            String method, String pathQuery, List<HttpField> fields, long bodyBytes, List<HttpField> trailers) {
        /** Values of every field whose name equals {@code name} ignoring case. */
        public List<String> values(String name) {
            return fields.stream()
                    .filter(f -> f.getName().equalsIgnoreCase(name))
                    .map(HttpField::getValue)
                    .toList();
        }

        /** Names of every field (and trailer) whose name, reduced to lower-case letters and digits, equals {@code skeleton}. */
        public List<String> namesWithSkeleton(String skeleton) {
            return java.util.stream.Stream.concat(fields.stream(), trailers.stream())
                    .map(HttpField::getName)
                    .filter(n -> n.toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]", "")
                            .equals(skeleton))
                    .toList();
        }

        @Override
        public String toString() {
            return method + " " + pathQuery + " "
                    + fields.stream().map(HttpField::toString).collect(Collectors.joining(" | "));
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger sessionsOpened =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger logouts = new java.util.concurrent.atomic.AtomicInteger();
    private final StandInWebSockets webSockets = new StandInWebSockets(this);
    private volatile boolean refuseUsers;
    private final String scheme;

    private QlikStandIn(SslContextFactory.Server tls) {
        this(tls, 0);
    }

    private QlikStandIn(SslContextFactory.Server tls, int port) {
        HttpConnectionFactory http = new HttpConnectionFactory();
        connector = tls == null
                ? new ServerConnector(server, http)
                : new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), http);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(webSockets.wrap(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(request, response, callback);
                return true;
            }
        }));
        scheme = tls == null ? "http" : "https";
    }

    /** Starts a plain HTTP stand-in on a free loopback port. */
    public static QlikStandIn start() throws Exception {
        QlikStandIn standIn = new QlikStandIn(null);
        standIn.server.start();
        return standIn;
    }

    /** Starts a plain HTTP stand-in on {@code port} of the loopback interface. */
    public static QlikStandIn start(int port) throws Exception {
        QlikStandIn standIn = new QlikStandIn(null, port);
        standIn.server.start();
        return standIn;
    }

    /** Starts an HTTPS stand-in with the key store at {@code keyStore}. */
    public static QlikStandIn startTls(java.nio.file.Path keyStore, String password) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(password);
        tls.setKeyStoreType("PKCS12");
        QlikStandIn standIn = new QlikStandIn(tls);
        standIn.server.start();
        return standIn;
    }

    /** The virtual proxy URL, e.g. {@code http://127.0.0.1:PORT/hdr}. */
    public URI virtualProxy() {
        return URI.create(scheme + "://127.0.0.1:" + connector.getLocalPort() + PREFIX);
    }

    /**
     * Every request received on a visitor's behalf, oldest first: all but the kit's own session openings (the
     * {@code /qps/user} requests its session pool sends, which carry no {@code X-Forwarded-For}).
     */
    public List<Recorded> requests() {
        return requests.stream().filter(r -> !isSessionOpening(r)).toList();
    }

    /** The requests the kit's session pool sent to open proxy sessions, oldest first. */
    public List<Recorded> sessionOpenings() {
        return requests.stream().filter(QlikStandIn::isSessionOpening).toList();
    }

    private static boolean isSessionOpening(Recorded request) {
        return request.method().equals("GET")
                && request.pathQuery().equals(PREFIX + "/qps/user")
                && request.values("X-Forwarded-For").isEmpty();
    }

    /** The logouts ({@code DELETE /qps/user}) that ended a live session. */
    public int logouts() {
        return logouts.get();
    }

    /** The only request received; fails when there were none or several. */
    public Recorded onlyRequest() {
        List<Recorded> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one upstream request, got " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    /**
     * The only engine WebSocket handshake received; any other request must be the kit asking {@code /qps/csrftoken}
     * for a pooled session's token, with the handshake's identity.
     */
    public Recorded onlyHandshake() {
        List<Recorded> all = requests();
        List<Recorded> handshakes = all.stream()
                .filter(r -> r.pathQuery().startsWith(PREFIX + "/app/")
                        || r.pathQuery().startsWith(PREFIX + "/hub/"))
                .toList();
        if (handshakes.size() != 1) {
            throw new AssertionError(
                    "expected exactly one engine WebSocket handshake, got " + handshakes.size() + ": " + all);
        }
        for (Recorded other : all) {
            if (other != handshakes.get(0)
                    && (!other.pathQuery().equals(PREFIX + "/qps/csrftoken")
                            || !other.values("hdr-usr").equals(handshakes.get(0).values("hdr-usr")))) {
                throw new AssertionError("expected only the kit's CSRF token request besides the handshake: " + all);
            }
        }
        return handshakes.get(0);
    }

    /** The CSRF token of the session whose cookie {@code request} carries. */
    public String csrfTokenOfRequest(Recorded request) {
        return csrfTokenOf(request.values("Cookie").get(0).trim());
    }

    private final java.util.concurrent.atomic.AtomicInteger csrfRefusals =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger csrfGeneration =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Forgets the requests received so far. */
    public void clear() {
        requests.clear();
    }

    /** The token {@code /qps/csrftoken} hands out, as Qlik's proxy does for WebSocket upgrades. */
    public static final String CSRF_TOKEN = "stand-in-csrf-token";
    /** The stand-in's {@code /qlik-embed/main.js}: mounts a labelled element and opens the engine WebSocket. */
    private static final String QLIK_EMBED_MAIN = readResource("qlik-embed-main.js");

    private static String readResource(String name) {
        try (var in = QlikStandIn.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void serve(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        Fields query = Request.extractQueryParameters(request);
        List<HttpField> trailers = new CopyOnWriteArrayList<>();
        long body = path.endsWith("/reset") ? 0 : readBody(request, trailers);
        record(request, body, trailers);
        HttpFields.Mutable headers = response.getHeaders();
        if (path.endsWith("/qps/user") && refuseUsers) {
            response.setStatus(403);
            Content.Sink.write(response, true, "Access denied", callback);
            return;
        }
        sessionCookieFor(request).ifPresent(cookie -> headers.add("Set-Cookie", cookie));
        if (path.endsWith("/reset")) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("reset by the stand-in"));
            return;
        }
        if (path.endsWith("/hang")) {
            Thread.sleep(Long.parseLong(query.getValue("ms")));
        }
        if (path.endsWith("/cookies")) {
            // Cookies of Qlik's own pages besides the session's: an answer may carry several Set-Cookie fields.
            headers.add("Set-Cookie", "qlik-lang=en; Path=" + PREFIX + "/");
            headers.add("Set-Cookie", "qlik-theme=dark; Path=" + PREFIX + "; HttpOnly");
            Content.Sink.write(response, true, "ok", callback);
            return;
        }
        if (path.endsWith("/redirect")) {
            response.setStatus(302);
            headers.put("Location", scheme + "://" + request.getHeaders().get("Host") + PREFIX + "/hub/");
            Content.Sink.write(response, true, "", callback);
            return;
        }
        if (path.endsWith("/qps/user") && request.getMethod().equals("DELETE")) {
            // A logout: the session of the request's cookie ends.
            for (String header : request.getHeaders().getValuesList("Cookie")) {
                for (String pair : header.split(";")) {
                    String cookie = pair.trim();
                    if (cookie.startsWith(sessionCookieName + "=")
                            && sessions.remove(cookie.substring(sessionCookieName.length() + 1)) != null) {
                        logouts.incrementAndGet();
                    }
                }
            }
            Content.Sink.write(response, true, "", callback);
            return;
        }
        if (path.contains("/qrs/")) {
            // Qlik's repository API: the xrfkey of the query must also be in X-Qlik-Xrfkey, as Qlik checks.
            String xrfkey = query.getValue("xrfkey");
            if (xrfkey == null || !xrfkey.equals(request.getHeaders().get("X-Qlik-Xrfkey"))) {
                response.setStatus(400);
                Content.Sink.write(response, true, "XSRF prevention check failed", callback);
                return;
            }
            if (path.endsWith("/qrs/app/count")
                    || path.endsWith("/qrs/stream/count")
                    || path.endsWith("/qrs/analyticconnection/count")) {
                headers.put("Content-Type", "application/json");
                Content.Sink.write(
                        response,
                        true,
                        "{\"value\":"
                                + (path.endsWith("/qrs/app/count")
                                        ? visibleApps
                                        : path.endsWith("/qrs/stream/count") ? visibleStreams : analyticConnections)
                                + "}",
                        callback);
                return;
            }
        }
        if (path.endsWith("/qps/user")) {
            headers.put("Content-Type", "application/json");
            Content.Sink.write(
                    response,
                    true,
                    "{\"userDirectory\":\"" + USER_DIRECTORY + "\",\"userId\":\""
                            + request.getHeaders().get("hdr-usr") + "\"}",
                    callback);
            return;
        }
        if (path.contains(PREFIX + "/resources/assets/")) {
            serveAsset(request, response, path, callback);
            return;
        }
        if (path.endsWith("/qlik-embed/main.js")) {
            headers.put("Content-Type", "text/javascript");
            Content.Sink.write(response, true, QLIK_EMBED_MAIN, callback);
            return;
        }
        if (path.endsWith("/api/v1/user-locale")) {
            // What @qlik/api reads before it resumes an engine session: JSON means the user is still signed in.
            headers.put("Content-Type", "application/json");
            Content.Sink.write(response, true, "{\"locale\":\"en-US\"}", callback);
            return;
        }
        if (path.endsWith("/qps/csrftoken")) {
            headers.put(
                    "qlik-csrf-token",
                    sessionId(request, headers).map(this::csrfTokenOfSession).orElse(CSRF_TOKEN));
            Content.Sink.write(response, true, "", callback);
            return;
        }
        if (path.endsWith("/download")) {
            stream(response, Long.parseLong(query.getValue("bytes")), callback);
            return;
        }
        headers.put("Content-Type", "text/plain");
        Content.Sink.write(response, true, path.endsWith("/upload") ? String.valueOf(body) : "ok", callback);
    }

    /** Cache-Control of the stand-in's {@code /resources/assets/*}; null sends none. */
    private volatile String assetCacheControl = "public, max-age=3600";
    /** Bytes of each asset body. */
    private volatile int assetBytes = 16 * 1024;
    /** Version in each asset's ETag and body: a new version is a new file on the Qlik server. */
    private volatile int assetVersion = 1;
    /** While set, asset answers wait for it: a slow Qlik under a spike. */
    private volatile java.util.concurrent.CountDownLatch assetGate;

    /** Makes {@code /resources/assets/*} answer with {@code cacheControl} (null for none) and {@code bytes}. */
    public void assets(String cacheControl, int bytes) {
        assetCacheControl = cacheControl;
        assetBytes = bytes;
    }

    /** Status of asset answers other than 304 (200 unless changed). */
    private volatile int assetStatus = 200;
    /** A {@code Set-Cookie} every asset answer carries besides the session's, or null. */
    private volatile String assetCookie;
    /** Whether asset answers send the request's session cookie again, as some proxies do on every answer. */
    private volatile boolean assetsRenewSession;

    /** Makes asset answers (other than 304) have {@code status}. */
    public void assetStatus(int status) {
        assetStatus = status;
    }

    /** Makes every asset answer carry {@code setCookie} (null for none), a cookie that is not the session's. */
    public void assetCookie(String setCookie) {
        assetCookie = setCookie;
    }

    /** Makes asset answers send the session cookie the request carries again, with the same value. */
    public void assetsRenewSession(boolean renew) {
        assetsRenewSession = renew;
    }

    /** Makes every asset a new file: new bodies, new ETags. */
    public void replaceAssets() {
        assetVersion++;
    }

    /** Holds asset answers until {@link #releaseAssets()}. */
    public void holdAssets() {
        assetGate = new java.util.concurrent.CountDownLatch(1);
    }

    /** Lets held asset answers go. */
    public void releaseAssets() {
        java.util.concurrent.CountDownLatch gate = assetGate;
        assetGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /**
     * A static file as Qlik serves one: a body of {@link #assetBytes} naming the path, the header values and the
     * version, an {@code ETag}, a {@code Last-Modified}, the configured {@code Cache-Control}, and 304 for a matching
     * {@code If-None-Match}. The body echoes what a poisoning attempt would try to get into it (the {@code Host},
     * {@code X-Forwarded-Host}, {@code X-Original-URL} and {@code Accept-Language} it received), so that a test sees
     * whether any of them could change what is stored.
     */
    private void serveAsset(Request request, Response response, String path, Callback callback) throws Exception {
        java.util.concurrent.CountDownLatch gate = assetGate;
        if (gate != null) {
            gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        HttpFields.Mutable headers = response.getHeaders();
        String etag = "\"v" + assetVersion + "-" + Integer.toHexString(path.hashCode()) + "\"";
        headers.put("ETag", etag);
        headers.put("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
        headers.put("Content-Type", path.endsWith(".css") ? "text/css" : "text/javascript");
        if (assetCacheControl != null) {
            headers.put("Cache-Control", assetCacheControl);
        }
        if (assetCookie != null) {
            headers.add("Set-Cookie", assetCookie);
        }
        if (assetsRenewSession) {
            String prefix = sessionCookieName + "=";
            for (String header : request.getHeaders().getValuesList("Cookie")) {
                for (String pair : header.split(";")) {
                    if (pair.trim().startsWith(prefix)) {
                        headers.add("Set-Cookie", pair.trim() + "; Path=/; HttpOnly");
                    }
                }
            }
        }
        response.setStatus(assetStatus);
        if (etag.equals(request.getHeaders().get("If-None-Match"))) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        String head = "/* " + path + " v" + assetVersion + " host="
                + request.getHeaders().get("Host")
                + " xfh=" + request.getHeaders().get("X-Forwarded-Host")
                + " xou=" + request.getHeaders().get("X-Original-URL")
                + " lang=" + request.getHeaders().get("Accept-Language") + " */\n";
        StringBuilder body = new StringBuilder(head);
        while (body.length() < assetBytes) {
            body.append("//").append("x".repeat(78)).append('\n');
        }
        body.setLength(Math.max(head.length(), assetBytes));
        Content.Sink.write(response, true, body.toString(), callback);
    }

    /** Records a request or WebSocket handshake as received. */
    void record(Request request, long body, List<HttpField> trailers) {
        requests.add(new Recorded(
                request.getMethod(),
                request.getHttpURI().getPathQuery(),
                List.copyOf(request.getHeaders().asImmutable().stream().toList()),
                body,
                List.copyOf(trailers)));
    }

    /**
     * The {@code Set-Cookie} value of a new session when {@code request} carries no valid session cookie, as Qlik's
     * proxy opens a session for every request of a header-authenticated user without one.
     */
    java.util.Optional<String> sessionCookieFor(Request request) {
        String prefix = sessionCookieName + "=";
        for (String header : request.getHeaders().getValuesList("Cookie")) {
            for (String pair : header.split(";")) {
                String cookie = pair.trim();
                if (cookie.startsWith(prefix) && sessions.containsKey(cookie.substring(prefix.length()))) {
                    return java.util.Optional.empty();
                }
            }
        }
        String id = UUID.randomUUID().toString();
        sessions.put(id, String.valueOf(request.getHeaders().get("hdr-usr")));
        sessionsOpened.incrementAndGet();
        return java.util.Optional.of(prefix + id + "; Path=/; HttpOnly; SameSite=None");
    }

    /**
     * The id of the live session of {@code request}: its session cookie's, or the one {@code answer} is opening.
     */
    java.util.Optional<String> sessionId(Request request, HttpFields answer) {
        String prefix = sessionCookieName + "=";
        for (String header : request.getHeaders().getValuesList("Cookie")) {
            for (String pair : header.split(";")) {
                String cookie = pair.trim();
                if (cookie.startsWith(prefix) && sessions.containsKey(cookie.substring(prefix.length()))) {
                    return java.util.Optional.of(cookie.substring(prefix.length()));
                }
            }
        }
        return answer == null
                ? java.util.Optional.empty()
                : answer.getValuesList("Set-Cookie").stream()
                        .filter(value -> value.startsWith(prefix))
                        .map(value -> value.substring(prefix.length()).split(";")[0])
                        .findFirst();
    }

    /** The CSRF token the stand-in issues to the session {@code id}: one per session, as Qlik ties them. */
    String csrfTokenOfSession(String id) {
        int generation = csrfGeneration.get();
        return "csrf-" + id.substring(0, 8) + (generation == 0 ? "" : "-" + generation);
    }

    /** Issues new CSRF tokens to every session from now on and refuses the old ones, as after a Qlik restart. */
    public void rotateCsrfTokens() {
        csrfGeneration.incrementAndGet();
    }

    /** The CSRF token of the session of a cookie value ({@code name=id}). */
    public String csrfTokenOf(String cookie) {
        return csrfTokenOfSession(cookie.substring(cookie.indexOf('=') + 1));
    }

    void refusedCsrfToken() {
        csrfRefusals.incrementAndGet();
    }

    /** Engine WebSocket handshakes refused because their CSRF token belongs to another session. */
    public int csrfRefusals() {
        return csrfRefusals.get();
    }

    /** The user a session cookie value ({@code name=id}) was opened for, or {@code null} if it is not a live session. */
    public String sessionUser(String cookie) {
        String prefix = sessionCookieName + "=";
        return cookie.startsWith(prefix) ? sessions.get(cookie.substring(prefix.length())) : null;
    }

    /** The static user directory of the stand-in's header-authentication virtual proxy. */
    public static final String USER_DIRECTORY = "PUBLIC";

    /**
     * Makes engine WebSocket handshakes answer 403 unless the host of their {@code Origin} is one of {@code hosts}, as
     * Qlik's virtual proxy checks its Host allow list; no hosts allows every origin (the default).
     */
    public void hostAllowList(String... hosts) {
        webSockets.hostAllowList(java.util.Set.of(hosts));
    }

    /**
     * Names the session cookie {@code name} from now on, as the QMC's "Session cookie header name" of a virtual proxy
     * does; {@link #SESSION_COOKIE} by default.
     */
    public void sessionCookieName(String name) {
        sessionCookieName = name;
    }

    /** Makes {@code /qrs/app/count} and {@code /qrs/stream/count} answer these numbers (1 and 1 by default). */
    public void visible(int apps, int streams) {
        visibleApps = apps;
        visibleStreams = streams;
    }

    /** Makes {@code /qrs/analyticconnection/count} answer {@code count} (0 by default), as a site with R or Python. */
    public void analyticConnections(int count) {
        analyticConnections = count;
    }

    /** Proxy sessions the stand-in holds now (opened and not logged out or expired). */
    public int liveSessions() {
        return sessions.size();
    }

    /** Makes {@code /qps/user} answer 403, as Qlik does for an identity it refuses. */
    public void refuseUsers(boolean refuse) {
        refuseUsers = refuse;
    }

    /** How many proxy sessions the stand-in has opened. */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    /** Ends one live session, as Qlik's inactivity timeout does; false when none is live. */
    public boolean expireOneSession() {
        java.util.Iterator<String> ids = sessions.keySet().iterator();
        if (!ids.hasNext()) {
            return false;
        }
        return sessions.remove(ids.next()) != null;
    }

    /** Ends every session, as Qlik's inactivity timeout or a restart does. */
    public void expireSessions() {
        sessions.clear();
    }

    /** The WebSocket side of the stand-in. */
    public StandInWebSockets webSockets() {
        return webSockets;
    }

    private static long readBody(Request request, List<HttpField> trailers) throws Exception {
        long bytes = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                try (Blocker.Runnable blocker = Blocker.runnable()) {
                    request.demand(blocker);
                    blocker.block();
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                throw new IOException(chunk.getFailure());
            }
            bytes += chunk.remaining();
            if (chunk instanceof Trailers t) {
                t.getTrailers().forEach(trailers::add);
            }
            chunk.release();
            if (chunk.isLast()) {
                return bytes;
            }
        }
    }

    private static void stream(Response response, long bytes, Callback callback) {
        response.getHeaders().put("Content-Type", "application/octet-stream");
        response.getHeaders().put("Content-Length", bytes);
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            for (long left = bytes; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    /** The stand-in's body for a plain request. */
    public static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
