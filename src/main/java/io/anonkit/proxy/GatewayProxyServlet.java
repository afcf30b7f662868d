package io.anonkit.proxy;

import io.anonkit.access.AccessMonitor;
import io.anonkit.client.ClientLimits;
import io.anonkit.database.DatabaseConnections;
import io.anonkit.engine.EngineFirewall;
import io.anonkit.engine.EngineTunnel;
import io.anonkit.home.HomeFolder;
import io.anonkit.http.ErrorResponse;
import io.anonkit.http.QlikPaths;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.metrics.KitMetrics;
import io.anonkit.metrics.RouteKind;
import io.anonkit.log.SafeText;
import io.anonkit.session.IdentityTokens;
import io.anonkit.session.PooledSession;
import io.anonkit.session.PooledSessionsFile;
import io.anonkit.session.SessionEvents;
import io.anonkit.session.SessionPools;
import io.anonkit.session.SessionRecords;
import io.anonkit.session.jdbc.SharedSessionTable;
import io.anonkit.settings.AccessSettings;
import io.anonkit.settings.CookieSecure;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDerived;
import io.anonkit.settings.SettingsStore;
import io.anonkit.tunnel.MessageInspector;
import io.anonkit.tunnel.TunnelRequest;
import io.anonkit.tunnel.WebSocketTunnels;
import io.anonkit.tunnel.WebSocketUpgrades;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The reverse proxy in front of the Qlik virtual proxy, mounted at {@code /qlik/*}. It streams both ways without
 * buffering whole bodies, and works in any servlet container (outside Jetty it runs its own client thread pool).
 *
 * <p>Per request, with one settings snapshot, {@link UpstreamExchanges} first resolves the request's
 * {@link UpstreamExchange} or refuses it ({@link GatewayAdmission}: 503, 405, 421, 400; a pooled session that cannot be
 * opened: 502, 504). The servlet keeps only Jetty's hooks:
 * <ol>
 *   <li>an engine WebSocket upgrade goes to {@link WebSocketTunnels} with the handshake of {@link UpstreamHeaders};</li>
 *   <li>anything else is proxied with the headers of {@link UpstreamHeaders}: the visitor's, sanitised, then exactly one
 *       identity, set last;</li>
 *   <li>{@code Location} and {@code Set-Cookie} are rewritten from the upstream base to the public mount, and a pooled
 *       session's cookie stays in the kit (Jetty's client never parses them: the kit keeps no client cookie store);</li>
 *   <li>a body that arrives whole is written in one non-blocking write where the container allows it
 *       ({@link WholeBodyWriter}), anything longer streams through a write listener;</li>
 *   <li>502 when the upstream cannot be reached and 504 when it stays silent past the idle timeout, each with a
 *       one-line body and one (rate-limited) log line.</li>
 * </ol>
 */
public class GatewayProxyServlet extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(GatewayProxyServlet.class.getName());
    /** Time a replaced client keeps serving the exchanges it started, beyond the timeout that bounds them. */
    private static final Duration REPLACED_CLIENT_GRACE = Duration.ofSeconds(5);

    private final transient RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10), Clock.systemUTC());
    private transient SettingsStore store;
    private transient SettingsDerived<UpstreamConnector.Key, HttpClient> clients;
    private transient SettingsDerived<UpstreamConnector.Key, HttpClient> tunnelClients;
    private transient UpstreamExchanges exchanges;
    private transient WebSocketTunnels tunnels;
    private transient ClientLimits limits;
    private transient AccessMonitor monitor;
    private transient SharedSessionTable sharedSessions;
    private transient KitMetrics metrics;

    @Override
    public void init() throws ServletException {
        store = SettingsStore.of(getServletContext());
        Executor serverExecutor = getServletContext().getAttribute("org.eclipse.jetty.server.Executor") instanceof Executor e
                ? e : null;
        clients = new SettingsDerived<>(UpstreamConnector.Key::of,
                settings -> UpstreamClientFactory.proxyClient(settings, serverExecutor, proxyRequest -> onContinue(
                        (HttpServletRequest) proxyRequest.getAttributes().get(CLIENT_REQUEST_ATTRIBUTE), proxyRequest)),
                (replaced, next) -> stopLater(replaced, next.idleTimeout()));
        // After a change of trust store or connect timeout, older tunnels keep their client for one WebSocket idle timeout.
        tunnelClients = new SettingsDerived<>(UpstreamConnector.Key::of, UpstreamClientFactory::tunnelClient,
                (replaced, next) -> stopLater(replaced, next.webSocket().idleTimeout()));
        Object home = getServletContext().getAttribute(HomeFolder.ATTRIBUTE);
        // Sessions open on the tunnel client, with threads of its own: servlet threads wait for them, and must not be
        // the only threads that could complete the opening.
        limits = ClientLimits.of(getServletContext());
        monitor = AccessMonitor.of(getServletContext());
        metrics = KitMetrics.of(getServletContext());
        QpsSessionOpener opener = new QpsSessionOpener(store::current, tunnelClients::get, metrics);
        SessionPools pools = new SessionPools(opener, sessionRecords(opener, home, metrics), metrics);
        metrics.sessionsOf(pools::current);
        exchanges = new UpstreamExchanges(pools, limits, monitor, IdentityTokens.of(getServletContext()), metrics);
        tunnels = new WebSocketTunnels(metrics.tunnels());
        super.init();
    }

    /** The cluster's shared table with a database, else {@code sessions.json} in the home folder. */
    private SessionRecords sessionRecords(QpsSessionOpener opener, Object home, SessionEvents events) {
        if (getServletContext().getAttribute(DatabaseConnections.ATTRIBUTE) instanceof DatabaseConnections.Named database) {
            sharedSessions = new SharedSessionTable(database.source(), database.description(), opener,
                    ManagementFactory.getRuntimeMXBean().getName(), events);
            return sharedSessions;
        }
        return home instanceof Path path ? new PooledSessionsFile(path) : SessionRecords.NONE;
    }

    private static void stopLater(HttpClient replaced, Duration timeout) {
        long delay = timeout.plus(REPLACED_CLIENT_GRACE).toMillis();
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> LifeCycle.stop(replaced));
    }

    @Override
    public void destroy() {
        super.destroy();
        tunnels.close();
        if (sharedSessions != null) {
            sharedSessions.close();
        }
        metrics.close();
        tunnelClients.current().ifPresent(client -> LifeCycle.stop(client));
        clients.current().ifPresent(client -> LifeCycle.stop(client));
    }

    @Override
    protected HttpClient createHttpClient() {
        return clients.get(store.current());
    }

    @Override
    protected HttpClient getHttpClient() {
        return clients.get(store.current());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        boolean upgrade = WebSocketUpgrades.isRequested(request);
        String malformed = upgrade ? WebSocketUpgrades.problem(request) : null;
        if (malformed != null) {
            // Before the exchange: a handshake that cannot succeed takes no tunnel slot and opens no Qlik session.
            ErrorResponse.send(response, 400, "Bad request: " + malformed, true);
            return;
        }
        UpstreamExchange exchange;
        try {
            exchange = exchanges.resolve(store.current(), request);
        } catch (RefusedException e) {
            ErrorResponse.send(response, e.refusal());
            return;
        }
        if (exchange.settings().inspecting()) {
            inspect(request, response, exchange);
            return;
        }
        if (upgrade) {
            openTunnel(request, response, exchange);
            return;
        }
        super.service(request, response);
    }

    /** Answers in Qlik's place with what the kit would send it ({@code ANONKIT_UPSTREAM=inspect:}). */
    private void inspect(HttpServletRequest request, HttpServletResponse response, UpstreamExchange exchange)
            throws IOException {
        if (exchange.route() == RouteKind.ENGINE_HANDSHAKE) {
            try {
                InspectionUpstream.echo(request, response, exchange);
            } finally {
                // The echo holds no tunnel slot.
                limits.closeTunnel(exchange.client());
            }
        } else {
            InspectionUpstream.answer(request, response, exchange);
        }
        metrics.request(exchange.route(), response.getStatus());
    }

    private void openTunnel(HttpServletRequest request, HttpServletResponse response, UpstreamExchange exchange)
            throws IOException {
        tunnels.open(request, response, tunnelRequest(request, exchange, true));
        metrics.request(exchange.route(), response.getStatus());
    }

    /**
     * The upstream side of an engine WebSocket: with a pooled session, its cookie and its own CSRF token in place of
     * the visitor's. When Qlik refuses a session's token (it ended the session, or restarted), the token is forgotten
     * and, on the first refusal, the handshake is tried once more with the session's fresh cookie and token.
     */
    private TunnelRequest tunnelRequest(HttpServletRequest request, UpstreamExchange exchange, boolean mayRetry) {
        Settings settings = exchange.settings();
        Optional<PooledSession> session = exchange.session();
        URI target = exchange.webSocketTarget();
        // The tunnels' client has threads of its own: request threads waiting for upgrades cannot starve the fetch.
        Optional<String> token = session.flatMap(s -> SessionCsrfTokens.of(s, settings, request.getHeader("Host"),
                tunnelClients.get(settings)));
        if (token.isPresent()) {
            target = SessionCsrfTokens.withToken(target, token.get());
        }
        HttpFields handshake = UpstreamHeaders.forHandshake(request, exchange);
        Optional<String> sentCookie = Optional.ofNullable(handshake.get(HttpHeader.COOKIE));
        return new TunnelRequest(target, handshake, WebSocketUpgrades.subprotocols(request),
                tunnelClients.get(settings), settings.connectTimeout().plus(settings.idleTimeout()),
                settings.webSocket().idleTimeout(), setCookie -> session.ifPresent(s -> s.observe(setCookie, sentCookie)),
                () -> limits.closeTunnel(exchange.client()), inspector(exchange),
                status -> {
                    if (token.isEmpty()) {
                        return Optional.empty();
                    }
                    session.orElseThrow().forgetCsrfToken(token.get());
                    return mayRetry && status == 403 ? Optional.of(tunnelRequest(request, exchange, false))
                            : Optional.empty();
                });
    }

    /** The engine firewall of a tunnel, or none in the open profile. */
    private MessageInspector inspector(UpstreamExchange exchange) {
        Settings settings = exchange.settings();
        if (settings.access().profile() == AccessSettings.Profile.OPEN) {
            return MessageInspector.NONE;
        }
        return new EngineFirewall(settings, new EngineTunnel(exchange.app().orElse(""), exchange.sharedEngineSession()),
                exchange.client(), monitor, Clock.systemUTC());
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        return UpstreamExchange.of(request).target();
    }

    @Override
    protected Request newProxyRequest(HttpServletRequest request, String rewrittenTarget) {
        UpstreamExchange exchange = UpstreamExchange.of(request);
        Settings settings = exchange.settings();
        return clients.get(settings).newRequest(rewrittenTarget)
                .method(request.getMethod())
                .attribute(CLIENT_REQUEST_ATTRIBUTE, request)
                .attribute(UpstreamExchange.ATTRIBUTE, exchange)
                .idleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        var headers = UpstreamHeaders.forRequest(clientRequest, UpstreamExchange.of(proxyRequest));
        proxyRequest.headers(h -> h.clear().add(headers));
    }

    /** Nothing: {@link #copyRequestHeaders} set every header, {@code Via} included, in {@link UpstreamHeaders}. */
    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
    }

    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse) {
        UpstreamExchange exchange = UpstreamExchange.of(serverResponse.getRequest());
        exchange.session().ifPresent(PooledSession::confirm);
        metrics.upstreamAnswered(exchange.route(), exchange.started(), System.nanoTime());
        super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
    }

    @Override
    protected Response.Listener newProxyResponseListener(HttpServletRequest request, HttpServletResponse response) {
        return new SetCookieHoldingListener(request, response);
    }

    /**
     * Takes Qlik's {@code Set-Cookie} fields before Jetty's client stores them: for a cookie store the kit does not keep
     * (visitors' cookies never mix), the client would build the request's URI and parse every cookie. They are
     * filtered with the other headers, by {@link #filterServerResponseHeader}, once those were copied.
     */
    private final class SetCookieHoldingListener extends ProxyResponseListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final List<String> setCookies = new ArrayList<>(1);

        SetCookieHoldingListener(HttpServletRequest request, HttpServletResponse response) {
            super(request, response);
            this.request = request;
            this.response = response;
        }

        @Override
        public boolean onHeader(Response serverResponse, HttpField field) {
            if (field.getHeader() == HttpHeader.SET_COOKIE) {
                setCookies.add(field.getValue());
                return false;
            }
            return super.onHeader(serverResponse, field);
        }

        @Override
        public void onHeaders(Response serverResponse) {
            super.onHeaders(serverResponse);
            for (String value : setCookies) {
                String filtered = filterServerResponseHeader(request, serverResponse, HttpHeader.SET_COOKIE.asString(), value);
                if (filtered != null) {
                    response.addHeader(HttpHeader.SET_COOKIE.asString(), filtered);
                }
            }
        }
    }

    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse) {
        UpstreamExchange exchange = UpstreamExchange.of(serverResponse.getRequest());
        metrics.request(exchange.route(), proxyResponse.getStatus());
        super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
    }

    /**
     * A body that arrived whole (its {@code Content-Length} in this first chunk) is written in one non-blocking write
     * where the container allows it ({@link WholeBodyWriter}); anything else streams through the write listener.
     */
    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response proxyResponse,
            byte[] buffer, int offset, int length, Callback callback) {
        // A later chunk cannot hold the whole Content-Length: then the body would be longer than declared.
        if (length > 0 && proxyResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) == length) {
            try {
                if (WholeBodyWriter.write(response.getOutputStream(), ByteBuffer.wrap(buffer, offset, length), callback)) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                callback.failed(e);
                proxyResponse.abort(e);
                return;
            }
        }
        super.onResponseContent(request, response, proxyResponse, buffer, offset, length, callback);
    }

    @Override
    protected String filterServerResponseHeader(HttpServletRequest clientRequest, Response serverResponse,
            String headerName, String headerValue) {
        if (HttpHeader.DATE.is(headerName)) {
            // The container writes its own Date; a second one would make the response ambiguous.
            return null;
        }
        if (HttpHeader.LOCATION.is(headerName)) {
            return mount(clientRequest, serverResponse).rewriteLocation(headerValue);
        }
        if (QlikPaths.CSRF_TOKEN_NAME.equalsIgnoreCase(headerName)) {
            UpstreamExchange.of(serverResponse.getRequest()).session()
                    .ifPresent(session -> session.observeCsrfToken(headerValue));
            return headerValue;
        }
        if (HttpHeader.SET_COOKIE.is(headerName)) {
            UpstreamExchange exchange = UpstreamExchange.of(serverResponse.getRequest());
            Optional<String> sentCookie = Optional.ofNullable(serverResponse.getRequest().getHeaders().get(HttpHeader.COOKIE));
            if (exchange.session().isPresent() && exchange.session().get().observe(headerValue, sentCookie)) {
                // A pooled session's cookie stays in the kit; a new one replaces the old for every later request.
                return null;
            }
            Settings settings = exchange.settings();
            boolean secure = settings.cookieSecure() == CookieSecure.ALWAYS
                    || (settings.cookieSecure() == CookieSecure.AUTO && clientRequest.isSecure());
            return SetCookieRewriter.rewrite(headerValue, mount(clientRequest, serverResponse), secure,
                    settings.cookieSameSite());
        }
        return headerValue;
    }

    private static PublicMount mount(HttpServletRequest clientRequest, Response serverResponse) {
        String upstreamHost = serverResponse.getRequest().getHeaders().get(HttpHeader.HOST);
        String publicHost = clientRequest.getHeader("Host");
        if (publicHost == null) {
            publicHost = clientRequest.getServerName() + ":" + clientRequest.getServerPort();
        }
        URI upstream = UpstreamExchange.of(serverResponse.getRequest()).settings().upstream().orElseThrow();
        return new PublicMount(upstream, upstreamHost,
                clientRequest.getScheme() + "://" + publicHost,
                clientRequest.getContextPath() + clientRequest.getServletPath());
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse, Throwable failure) {
        Settings settings = UpstreamExchange.of(clientRequest).settings();
        var answer = UpstreamFailures.answer(failure, settings);
        String upstream = settings.upstream().map(URI::toString).orElse("");
        failures.warn(() -> "upstream " + upstream + " failed for " + clientRequest.getMethod() + " "
                + SafeText.quote(clientRequest.getRequestURI()) + ": answered " + answer.status() + " ("
                + failure.getClass().getSimpleName() + ": " + SafeText.quote(failure.getMessage()) + ")");
        metrics.request(UpstreamExchange.of(clientRequest).route(),
                proxyResponse.isCommitted() ? proxyResponse.getStatus() : answer.status());
        if (proxyResponse.isCommitted()) {
            super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
            return;
        }
        try {
            ErrorResponse.send(proxyResponse, answer);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send the gateway error", e);
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }
}
