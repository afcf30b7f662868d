package io.anonkit.proxy;

import io.anonkit.http.ErrorResponse;
import io.anonkit.identity.IdentityPolicy;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import io.anonkit.settings.CookieSecure;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsBootstrap;
import io.anonkit.settings.SettingsDerived;
import io.anonkit.settings.SettingsStore;
import io.anonkit.session.PooledSession;
import io.anonkit.session.PooledSessionsFile;
import io.anonkit.session.SessionOpeningException;
import io.anonkit.session.SessionPools;
import io.anonkit.session.UpstreamSessionPool;
import io.anonkit.tunnel.TunnelRequest;
import io.anonkit.tunnel.WebSocketTunnels;
import io.anonkit.tunnel.WebSocketUpgrades;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The reverse proxy in front of the Qlik virtual proxy, mounted at {@code /qlik/*}. It streams both ways without
 * buffering whole bodies, and works in any servlet container (outside Jetty it runs its own client thread pool).
 *
 * <p>Per request, with one settings snapshot:
 * <ol>
 *   <li>refuses what it will not forward: no upstream configured (503), a method other than GET, HEAD, POST, PUT,
 *       DELETE, PATCH or OPTIONS (405), a host outside {@code anonkit.allowed.hosts} (421), a path that could
 *       leave the virtual proxy prefix (400, see {@link UpstreamTarget});</li>
 *   <li>copies the client's headers except hop-by-hop ones, those its {@code Connection} header names (never
 *       {@code Host}, {@code Cookie} or the content headers), and every header the {@link IdentityPolicy} strips; of
 *       the cookies only Qlik's session cookies;</li>
 *   <li>then, after all of that, sets fresh {@code X-Forwarded-For/Proto/Host} and injects the one identity header
 *       with a replace, so nothing the client sent can remove or duplicate it;</li>
 *   <li>rewrites {@code Location} and {@code Set-Cookie} from the upstream base to the public mount;</li>
 *   <li>answers 502 when the upstream cannot be reached and 504 when it stays silent past the idle timeout, each with a
 *       one-line body and one (rate-limited) log line.</li>
 * </ol>
 */
public class GatewayProxyServlet extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(GatewayProxyServlet.class.getName());
    private static final String SETTINGS_ATTRIBUTE = GatewayProxyServlet.class.getName() + ".settings";
    private static final String REFUSAL_ATTRIBUTE = GatewayProxyServlet.class.getName() + ".refusal";
    private static final String SESSION_ATTRIBUTE = GatewayProxyServlet.class.getName() + ".session";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /** Headers a client's {@code Connection} header cannot remove: the request would change meaning. */
    private static final Set<String> PROTECTED_FROM_CONNECTION = Set.of(
            "host", "cookie", "content-length", "content-type", "content-encoding", "origin", "x-qlik-xrfkey");
    private static final String UNREACHABLE = "Bad gateway: the Qlik server could not be reached or broke the connection";
    /** Bytes read from the visitor's request body at a time. */
    static final int REQUEST_BUFFER_SIZE = 32 * 1024;
    /**
     * Bytes read from Qlik's response at a time, as many as the container's output buffer holds; the client's 16 KiB
     * default made downloads a third slower. A download the visitor reads slowly holds one such buffer.
     */
    static final int RESPONSE_BUFFER_SIZE = 32 * 1024;
    /** Most threads relaying WebSocket tunnels; idle tunnels hold none. */
    static final int TUNNEL_THREADS = 200;
    /** Client thread pool size when the container offers no executor (any container but Jetty). */
    static final int DEFAULT_MAX_THREADS = 64;

    private final transient SettingsDerived<IdentityPolicy> policies = new SettingsDerived<>(IdentityPolicy::of);
    private final transient RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10), Clock.systemUTC());
    private transient SettingsStore store;
    private transient UpstreamClients clients;
    private transient UpstreamClients tunnelClients;
    private transient SessionPools pools;
    private transient WebSocketTunnels tunnels;
    private transient Settings building;

    @Override
    public void init(ServletConfig config) throws ServletException {
        store = SettingsStore.of(config.getServletContext());
        clients = new UpstreamClients(this::newUpstreamClient, Settings::idleTimeout);
        // After a change of trust store or connect timeout, older tunnels keep their client for one WebSocket idle timeout.
        tunnelClients = new UpstreamClients(this::newTunnelClient, s -> s.webSocket().idleTimeout());
        Object home = config.getServletContext().getAttribute(SettingsBootstrap.HOME_ATTRIBUTE);
        // Sessions open on the client with threads of its own: servlet threads wait for them, and must not be the only
        // threads that could complete the opening.
        pools = new SessionPools(new QpsSessionOpener(store::current, tunnelClients::get),
                home instanceof Path path ? Optional.of(new PooledSessionsFile(path)) : Optional.empty());
        tunnels = new WebSocketTunnels();
        super.init(withDefaults(config));
    }

    private static ServletConfig withDefaults(ServletConfig config) {
        Map<String, String> parameters = new HashMap<>();
        Collections.list(config.getInitParameterNames()).forEach(n -> parameters.put(n, config.getInitParameter(n)));
        // No total timeout: a 1 GiB download may take long; the idle timeout of each exchange applies instead.
        parameters.putIfAbsent("timeout", "0");
        // Uploads are read from the visitor in chunks of this size; the client's 4 KiB default made them 5x slower.
        parameters.putIfAbsent("requestBufferSize", String.valueOf(REQUEST_BUFFER_SIZE));
        parameters.putIfAbsent("responseBufferSize", String.valueOf(RESPONSE_BUFFER_SIZE));
        if (config.getServletContext().getAttribute("org.eclipse.jetty.server.Executor") == null) {
            parameters.putIfAbsent("maxThreads", String.valueOf(DEFAULT_MAX_THREADS));
        }
        return new ServletConfig() {
            @Override
            public String getServletName() {
                return config.getServletName();
            }

            @Override
            public ServletContext getServletContext() {
                return config.getServletContext();
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }

    @Override
    public void destroy() {
        super.destroy();
        tunnels.close();
        tunnelClients.close();
        clients.close();
    }

    @Override
    protected HttpClient createHttpClient() {
        return clients.get(store.current());
    }

    @Override
    protected HttpClient getHttpClient() {
        return clients.get(store.current());
    }

    private synchronized HttpClient newUpstreamClient(Settings settings) {
        building = settings;
        try {
            return super.createHttpClient();
        } catch (ServletException e) {
            throw new IllegalStateException("cannot start the upstream HTTP client: " + e.getMessage(), e);
        } finally {
            building = null;
        }
    }

    /**
     * The client for WebSocket tunnels and session openings: the same TLS and connect settings, but its own threads,
     * so that servlet threads waiting for upstream handshakes or sessions can never starve the threads that complete
     * them.
     */
    private HttpClient newTunnelClient(Settings settings) {
        QueuedThreadPool threads = new QueuedThreadPool(TUNNEL_THREADS, 4);
        threads.setName("anonkit-tunnel");
        threads.setDaemon(true);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(UpstreamConnector.of(settings)));
        client.setExecutor(threads);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream WebSocket client: " + e.getMessage(), e);
        }
        return client;
    }

    /** HTTP/1.1 only, as Qlik's proxy speaks it: no protocol negotiation for each request's destination. */
    @Override
    protected HttpClient newHttpClient(ClientConnector connector) {
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    @Override
    protected ClientConnector newClientConnector() {
        return UpstreamConnector.of(building == null ? store.current() : building);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Settings settings = store.current();
        request.setAttribute(SETTINGS_ATTRIBUTE, settings);
        if (settings.upstream().isEmpty()) {
            ErrorResponse.send(response, 503, "Service unavailable: upstream not configured (set "
                    + SettingKey.UPSTREAM.environmentVariable() + " to the Qlik virtual proxy URL)", false);
            return;
        }
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", String.join(", ", new java.util.TreeSet<>(METHODS)));
            ErrorResponse.send(response, 405, "Method not allowed: " + SafeText.quote(request.getMethod())
                    + " is not forwarded", true);
            return;
        }
        if (!settings.allowedHosts().isEmpty()
                && !settings.allowedHosts().contains(request.getServerName().toLowerCase(Locale.ROOT))) {
            ErrorResponse.send(response, 421, "Misdirected request: host " + SafeText.quote(request.getServerName())
                    + " is not in " + SettingKey.ALLOWED_HOSTS.property(), true);
            return;
        }
        if (settings.hostHeader().kind() == io.anonkit.settings.HostHeader.Kind.CLIENT && request.getHeader("Host") == null) {
            ErrorResponse.send(response, 400, "Bad request: a Host header is required", true);
            return;
        }
        Optional<UpstreamSessionPool> pool = pools.get(settings);
        if (pool.isPresent() && !acquireSession(pool.get(), settings, request, response)) {
            return;
        }
        if (WebSocketUpgrades.isRequested(request)) {
            openTunnel(request, response, settings);
            return;
        }
        super.service(request, response);
    }

    private boolean acquireSession(UpstreamSessionPool pool, Settings settings, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        long wait = settings.connectTimeout().plus(settings.idleTimeout()).toMillis();
        try {
            request.setAttribute(SESSION_ATTRIBUTE, pool.acquire(request.getHeader("Host")).get(wait, TimeUnit.MILLISECONDS));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ErrorResponse.send(response, 503, "Service unavailable: the kit is stopping", true);
        } catch (TimeoutException e) {
            ErrorResponse.send(response, 504, "Gateway timeout: the Qlik server did not open a session within "
                    + wait + " ms", true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failures.warn(() -> "could not open a pooled Qlik session: " + cause.getClass().getSimpleName() + ": "
                    + SafeText.quote(cause.getMessage()));
            if (cause instanceof SessionOpeningException) {
                ErrorResponse.send(response, 502, "Bad gateway: " + cause.getMessage(), true);
            } else if (isTimeout(cause)) {
                ErrorResponse.send(response, 504, timeoutMessage(settings), true);
            } else {
                ErrorResponse.send(response, 502, UNREACHABLE, true);
            }
        }
        return false;
    }

    private static Optional<PooledSession> sessionOf(HttpServletRequest request) {
        return Optional.ofNullable((PooledSession) request.getAttribute(SESSION_ATTRIBUTE));
    }

    private void openTunnel(HttpServletRequest request, HttpServletResponse response, Settings settings)
            throws IOException {
        UpstreamTarget.Mapping mapping = UpstreamTarget.map(settings.upstream().orElseThrow(), request.getRequestURI(),
                request.getContextPath(), request.getServletPath(), request.getQueryString());
        if (mapping instanceof UpstreamTarget.Refusal refusal) {
            ErrorResponse.send(response, refusal.refused().status(), refusal.refused().message(), true);
            return;
        }
        String url = ((UpstreamTarget.Target) mapping).url();
        URI target = URI.create("ws" + url.substring("http".length()));
        Optional<PooledSession> session = sessionOf(request);
        TunnelRequest tunnel = new TunnelRequest(target, HandshakeHeaders.of(request, settings,
                session.isPresent() ? session.get().identity() : policies.get(settings).injected(),
                session.isPresent() ? session.get().cookie().orElse(null)
                        : CookieFilter.qlikSessionCookies(request.getHeaders("Cookie"))),
                HandshakeHeaders.subprotocols(request), tunnelClients.get(settings),
                settings.connectTimeout().plus(settings.idleTimeout()), settings.webSocket().idleTimeout(),
                setCookie -> session.ifPresent(s -> s.observe(setCookie)));
        tunnels.open(request, response, tunnel);
    }

    private static Settings settingsOf(HttpServletRequest request) {
        return (Settings) request.getAttribute(SETTINGS_ATTRIBUTE);
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        URI upstream = settingsOf(request).upstream().orElseThrow();
        UpstreamTarget.Mapping mapping = UpstreamTarget.map(upstream, request.getRequestURI(), request.getContextPath(),
                request.getServletPath(), request.getQueryString());
        if (mapping instanceof UpstreamTarget.Target target) {
            return target.url();
        }
        request.setAttribute(REFUSAL_ATTRIBUTE, ((UpstreamTarget.Refusal) mapping).refused());
        return null;
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
        RefusedRequest refused = (RefusedRequest) request.getAttribute(REFUSAL_ATTRIBUTE);
        try {
            ErrorResponse.send(response, refused.status(), refused.message(), true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send a refusal", e);
        }
    }

    @Override
    protected Request newProxyRequest(HttpServletRequest request, String rewrittenTarget) {
        Settings settings = settingsOf(request);
        return clients.get(settings).newRequest(rewrittenTarget)
                .method(request.getMethod())
                .attribute(CLIENT_REQUEST_ATTRIBUTE, request)
                .idleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        Settings settings = settingsOf(clientRequest);
        IdentityPolicy policy = policies.get(settings);
        Set<String> nominated = connectionTokens(clientRequest);
        HttpFields.Mutable headers = HttpFields.build();
        for (Enumeration<String> names = clientRequest.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_HEADERS.contains(lower) || lower.equals("host") || lower.equals("cookie")
                    || lower.equals("http2-settings") || nominated.contains(lower) || policy.classify(name).stripped()) {
                continue;
            }
            for (Enumeration<String> values = clientRequest.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                if (value != null) {
                    headers.add(name, value);
                }
            }
        }
        Optional<PooledSession> session = sessionOf(clientRequest);
        String cookies = session.isPresent() ? session.get().cookie().orElse(null)
                : CookieFilter.qlikSessionCookies(clientRequest.getHeaders("Cookie"));
        if (cookies != null) {
            headers.put(HttpHeader.COOKIE, cookies);
        }
        headers.put(HttpHeader.HOST, UpstreamHost.of(settings, clientRequest.getHeader("Host")));
        proxyRequest.headers(h -> h.clear().add(headers));
    }

    private static Set<String> connectionTokens(HttpServletRequest request) {
        Set<String> tokens = new HashSet<>();
        for (Enumeration<String> values = request.getHeaders("Connection"); values.hasMoreElements(); ) {
            for (String token : values.nextElement().split(",")) {
                String lower = token.trim().toLowerCase(Locale.ROOT);
                if (!PROTECTED_FROM_CONNECTION.contains(lower)) {
                    tokens.add(lower);
                }
            }
        }
        return tokens;
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        addViaHeader(clientRequest, proxyRequest);
        String host = clientRequest.getHeader("Host");
        proxyRequest.headers(headers -> {
            headers.put(HttpHeader.X_FORWARDED_FOR, clientRequest.getRemoteAddr());
            headers.put(HttpHeader.X_FORWARDED_PROTO, clientRequest.getScheme());
            if (host != null) {
                headers.put(HttpHeader.X_FORWARDED_HOST, host);
            }
            Optional<PooledSession> session = sessionOf(clientRequest);
            (session.isPresent() ? session.get().identity() : policies.get(settingsOf(clientRequest)).injected())
                    .ifPresent(identity -> headers.put(identity.name(), identity.value()));
        });
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
        if (HttpHeader.SET_COOKIE.is(headerName)) {
            Optional<PooledSession> session = sessionOf(clientRequest);
            if (session.isPresent() && session.get().observe(headerValue)) {
                // A pooled session's cookie stays in the kit; a new one replaces the old for every later request.
                return null;
            }
            Settings settings = settingsOf(clientRequest);
            boolean secure = settings.cookieSecure() == CookieSecure.ALWAYS
                    || (settings.cookieSecure() == CookieSecure.AUTO && clientRequest.isSecure());
            return SetCookieRewriter.rewrite(headerValue, mount(clientRequest, serverResponse), secure,
                    settings.cookieSameSite());
        }
        return headerValue;
    }

    private static PublicMount mount(HttpServletRequest clientRequest, Response serverResponse) {
        Settings settings = settingsOf(clientRequest);
        String upstreamHost = serverResponse.getRequest().getHeaders().get(HttpHeader.HOST);
        String publicHost = clientRequest.getHeader("Host");
        if (publicHost == null) {
            publicHost = clientRequest.getServerName() + ":" + clientRequest.getServerPort();
        }
        return new PublicMount(settings.upstream().orElseThrow(), upstreamHost,
                clientRequest.getScheme() + "://" + publicHost,
                clientRequest.getContextPath() + clientRequest.getServletPath());
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse, Throwable failure) {
        Settings settings = settingsOf(clientRequest);
        boolean timeout = isTimeout(failure);
        int status = timeout ? 504 : 502;
        String upstream = settings.upstream().map(URI::toString).orElse("");
        failures.warn(() -> "upstream " + upstream + " failed for " + clientRequest.getMethod() + " "
                + SafeText.quote(clientRequest.getRequestURI()) + ": answered " + status + " ("
                + failure.getClass().getSimpleName() + ": " + SafeText.quote(failure.getMessage()) + ")");
        if (proxyResponse.isCommitted()) {
            super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
            return;
        }
        try {
            ErrorResponse.send(proxyResponse, status, timeout ? timeoutMessage(settings) : UNREACHABLE, true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send the gateway error", e);
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }

    private static String timeoutMessage(Settings settings) {
        return "Gateway timeout: the Qlik server did not answer within " + SettingKey.IDLE_TIMEOUT.property() + " ("
                + settings.idleTimeout().toMillis() + " ms)";
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
