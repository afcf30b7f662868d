package io.anonkit.proxy;

import io.anonkit.http.ErrorResponse;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.metrics.RouteKind;
import io.anonkit.session.PooledSession;
import io.anonkit.settings.Settings;
import io.anonkit.tunnel.WebSocketTunnels;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * The reverse proxy in front of the Qlik virtual proxy, mounted at {@code /qlik/*}. It streams both ways without
 * buffering whole bodies, and works in any servlet container (outside Jetty it runs its own client thread pool).
 *
 * <p>Its parts are wired in a {@link Gateway}. Per request, with one settings snapshot, {@link UpstreamExchanges}
 * admits the request once, deciding its route, or refuses it (every refusal is one of {@code io.anonkit.http.Refusals},
 * see {@code docs/refusals.md}). The servlet branches on the route and keeps only Jetty's hooks:
 * <ol>
 *   <li>an engine WebSocket upgrade goes to {@link WebSocketTunnels} with the request of {@link EngineHandshake};</li>
 *   <li>a visitor's CSRF token is the pooled session's ({@link PooledCsrfToken}), a static asset may come from the
 *       shared cache ({@link CachedAssets});</li>
 *   <li>anything else is proxied with the headers of {@link UpstreamHeaders}: the visitor's, sanitised, then exactly one
 *       identity, set last;</li>
 *   <li>Qlik's answer headers become the visitor's in {@link UpstreamResponseHeaders};</li>
 *   <li>a body that arrives whole is written in one non-blocking write where the container allows it
 *       ({@link WholeBodyWriter}), anything longer streams through a write listener;</li>
 *   <li>502 when Qlik cannot be reached, 504 when it stays silent, each with one rate-limited log line.</li>
 * </ol>
 */
public class GatewayProxyServlet extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(GatewayProxyServlet.class.getName());

    private final transient RateLimitedLog failures =
            new RateLimitedLog(LOG, Duration.ofSeconds(10), Clock.systemUTC());
    private transient Gateway gateway;

    @Override
    public void init() throws ServletException {
        gateway = new Gateway(
                getServletContext(),
                proxyRequest -> onContinue(
                        (HttpServletRequest) proxyRequest.getAttributes().get(CLIENT_REQUEST_ATTRIBUTE), proxyRequest));
        super.init();
    }

    @Override
    public void destroy() {
        super.destroy();
        gateway.close();
    }

    @Override
    protected HttpClient createHttpClient() {
        return gateway.client(gateway.settings());
    }

    @Override
    protected HttpClient getHttpClient() {
        return gateway.client(gateway.settings());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        UpstreamExchange exchange;
        try {
            exchange = gateway.exchanges().resolve(gateway.settings(), request);
        } catch (RefusedException e) {
            ErrorResponse.send(response, e.refusal());
            return;
        }
        if (exchange.settings().inspecting()) {
            InspectionUpstream.serve(
                    request, response, exchange, () -> gateway.limits().closeTunnel(exchange.client()));
            gateway.metrics().request(exchange.route(), response.getStatus());
            return;
        }
        // The route was decided once, by the exchange; the servlet only branches on it.
        if (exchange.route() == RouteKind.ENGINE_HANDSHAKE) {
            EngineSessionGate.Admission admission = gateway.engineSessions().admit(exchange);
            request.setAttribute(UpstreamExchange.ATTRIBUTE, admission.exchange());
            response.setHeader(EngineSessionGate.HEADER, admission.answer());
            EngineHandshake handshake = EngineHandshake.of(gateway, request, admission.exchange(), admission.lease());
            gateway.tunnels().open(request, response, handshake.attempt(), handshake);
        } else if (!(exchange.route() == RouteKind.CSRF && PooledCsrfToken.serve(request, response, exchange, gateway))
                && !gateway.assets().serve(request, response, exchange)) {
            super.service(request, response);
            return;
        }
        gateway.metrics().request(exchange.route(), response.getStatus());
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        return UpstreamExchange.of(request).target();
    }

    @Override
    protected Request newProxyRequest(HttpServletRequest request, String rewrittenTarget) {
        UpstreamExchange exchange = UpstreamExchange.of(request);
        Settings settings = exchange.settings();
        return gateway.client(settings)
                .newRequest(rewrittenTarget)
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
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {}

    @Override
    protected void onServerResponseHeaders(
            HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse) {
        UpstreamExchange exchange = UpstreamExchange.of(serverResponse.getRequest());
        exchange.session().ifPresent(PooledSession::confirm);
        gateway.metrics().upstreamAnswered(exchange.route(), exchange.started(), System.nanoTime());
        super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
    }

    @Override
    protected Response.Listener newProxyResponseListener(HttpServletRequest request, HttpServletResponse response) {
        return new SetCookieHoldingListener(request, response);
    }

    /**
     * Takes Qlik's {@code Set-Cookie} fields before Jetty's client stores them: for a cookie store the kit does not keep
     * (visitors' cookies never mix), the client would build the request's URI and parse every cookie. They are
     * filtered with the other headers, by {@link UpstreamResponseHeaders#filter}, once those were copied.
     */
    private final class SetCookieHoldingListener extends ProxyResponseListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final java.util.List<String> setCookies = new java.util.ArrayList<>(1);

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
                String filtered = UpstreamResponseHeaders.filter(
                        request, serverResponse, HttpHeader.SET_COOKIE.asString(), value);
                if (filtered != null) {
                    response.addHeader(HttpHeader.SET_COOKIE.asString(), filtered);
                }
            }
        }
    }

    @Override
    protected void onProxyResponseSuccess(
            HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse) {
        UpstreamExchange exchange = UpstreamExchange.of(serverResponse.getRequest());
        gateway.metrics().request(exchange.route(), proxyResponse.getStatus());
        super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
    }

    /**
     * A body that arrived whole (its {@code Content-Length} in this first chunk) is written in one non-blocking write
     * where the container allows it ({@link WholeBodyWriter}); anything else streams through the write listener.
     */
    @Override
    protected void onResponseContent(
            HttpServletRequest request,
            HttpServletResponse response,
            Response proxyResponse,
            byte[] buffer,
            int offset,
            int length,
            Callback callback) {
        if (WholeBodyWriter.writeIfWhole(response, proxyResponse, buffer, offset, length, callback)) {
            return;
        }
        super.onResponseContent(request, response, proxyResponse, buffer, offset, length, callback);
    }

    @Override
    protected String filterServerResponseHeader(
            HttpServletRequest clientRequest, Response serverResponse, String headerName, String headerValue) {
        return UpstreamResponseHeaders.filter(clientRequest, serverResponse, headerName, headerValue);
    }

    @Override
    protected void onProxyResponseFailure(
            HttpServletRequest clientRequest,
            HttpServletResponse proxyResponse,
            Response serverResponse,
            Throwable failure) {
        Settings settings = UpstreamExchange.of(clientRequest).settings();
        var answer = UpstreamFailures.answer(failure, settings);
        failures.warn(() -> UpstreamFailures.logLine(clientRequest, settings, answer, failure));
        gateway.metrics()
                .request(
                        UpstreamExchange.of(clientRequest).route(),
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
