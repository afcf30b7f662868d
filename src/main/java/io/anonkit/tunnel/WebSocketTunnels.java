package io.anonkit.tunnel;

import io.anonkit.http.Causes;
import io.anonkit.http.ErrorResponse;
import io.anonkit.http.Refusals;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.UpgradeListener;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;

/**
 * Opens WebSocket tunnels: first the upstream handshake, so that a refusal from Qlik reaches the visitor as Qlik's own
 * status; then the visitor's upgrade through the container's standard {@link ServerContainer#upgradeHttpToWebSocket},
 * accepting the subprotocol Qlik chose. Works in any Jakarta EE 10 container with WebSocket support.
 */
public final class WebSocketTunnels implements AutoCloseable {
    /**
     * Servlet context attribute holding an {@link java.util.function.IntSupplier} that closes every open tunnel for the
     * node's shutdown ({@link #closeAllForShutdown}); a server that stops the kit calls it before it stops.
     */
    public static final String SHUTDOWN_ATTRIBUTE = "io.anonkit.tunnel.closeAllForShutdown";

    private static final System.Logger LOG = System.getLogger(WebSocketTunnels.class.getName());
    /** Largest frame relayed in one piece; longer frames are relayed in parts of this size. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    private final Map<HttpClient, WebSocketCoreClient> clients = new ConcurrentHashMap<>();
    private final java.util.Set<Tunnel> open = ConcurrentHashMap.newKeySet();
    private final TunnelEvents events;

    /** Tunnels that tell {@code events} what happens to them. */
    public WebSocketTunnels(TunnelEvents events) {
        this.events = events;
    }

    /**
     * Opens a tunnel for {@code request}, or answers it with an error: 400 for a malformed handshake, 501 without
     * WebSocket support in the container, Qlik's status when Qlik refuses the upgrade, 502 when Qlik cannot be reached,
     * 504 when it does not answer in time.
     */
    public void open(
            HttpServletRequest request,
            HttpServletResponse response,
            TunnelRequest tunnelRequest,
            TunnelListener listener)
            throws IOException {
        java.util.concurrent.atomic.AtomicReference<Tunnel> self = new java.util.concurrent.atomic.AtomicReference<>();
        Tunnel tunnel = new Tunnel(
                tunnelRequest.idleTimeout(),
                () -> {
                    open.remove(self.get());
                    listener.ended();
                },
                tunnelRequest.inspector(),
                events,
                ContainerDecorations.of(request.getServletContext()));
        self.set(tunnel);
        open.add(tunnel);
        String problem = WebSocketUpgrades.problem(request);
        if (problem != null) {
            tunnel.ended();
            ErrorResponse.send(response, Refusals.HANDSHAKE_MALFORMED.with(problem));
            return;
        }
        ServerContainer container =
                (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            tunnel.ended();
            ErrorResponse.send(response, Refusals.NO_WEBSOCKETS.with());
            return;
        }
        CoreSession upstream;
        try {
            upstream = connectOrRetry(tunnelRequest, listener, tunnel);
        } catch (InterruptedException e) {
            tunnel.ended();
            Thread.currentThread().interrupt();
            ErrorResponse.send(response, Refusals.STOPPING.with());
            return;
        } catch (TimeoutException e) {
            tunnel.ended();
            ErrorResponse.send(
                    response,
                    Refusals.HANDSHAKE_SILENT.with(
                            tunnelRequest.handshakeTimeout().toMillis()));
            return;
        } catch (ExecutionException e) {
            tunnel.ended();
            refuse(response, e.getCause(), tunnelRequest);
            return;
        } catch (IOException | RuntimeException e) {
            tunnel.ended();
            throw e;
        }
        try {
            String subprotocol = upstream.getNegotiatedSubProtocol();
            EndpointHandover.upgrade(
                    request,
                    response,
                    container,
                    tunnel.visitorEndpoint(),
                    subprotocol == null || subprotocol.isEmpty() ? List.of() : List.of(subprotocol),
                    tunnel.decorations());
        } catch (DeploymentException | IOException | RuntimeException e) {
            upstream.close(CloseCodes.GOING_AWAY, "visitor upgrade failed", org.eclipse.jetty.util.Callback.NOOP);
            LOG.log(System.Logger.Level.WARNING, "the visitor's WebSocket upgrade failed: " + e);
            if (!response.isCommitted()) {
                ErrorResponse.send(response, Refusals.UPGRADE_FAILED.with());
            }
        }
    }

    /**
     * The upstream session of {@code tunnelRequest}; when Qlik refuses it, the upstream session of the request that
     * {@link TunnelListener#refused} offers instead, tried once.
     */
    private CoreSession connectOrRetry(TunnelRequest tunnelRequest, TunnelListener listener, Tunnel tunnel)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        try {
            return handshake(connect(tunnelRequest, listener, tunnel), tunnelRequest);
        } catch (ExecutionException e) {
            int status = refusedStatus(e.getCause());
            if (status == 0) {
                throw e;
            }
            Optional<TunnelRequest> retry = listener.refused(tunnelRequest, status);
            if (retry.isEmpty()) {
                throw e;
            }
            TunnelRequest second = retry.get();
            try {
                return handshake(connect(second, listener, tunnel), second);
            } catch (ExecutionException again) {
                int secondStatus = refusedStatus(again.getCause());
                if (secondStatus > 0) {
                    // Told, so that it can forget what Qlik refused; its answer is not tried: there is no third try.
                    listener.refused(second, secondStatus);
                }
                throw again;
            }
        }
    }

    /** The upstream session once {@code pending} completes; past the handshake timeout the handshake is aborted. */
    private static CoreSession handshake(CompletableFuture<CoreSession> pending, TunnelRequest tunnelRequest)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return pending.get(tunnelRequest.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            // Completing the request's future exceptionally makes Jetty's client abort the request.
            pending.cancel(true);
            throw e;
        }
    }

    /** Qlik's status when {@code cause} is its refusal of the upgrade, else 0. */
    private static int refusedStatus(Throwable cause) {
        return Causes.find(cause, UpgradeException.class)
                .map(UpgradeException::getResponseStatusCode)
                .filter(status -> status > 0)
                .orElse(0);
    }

    private CompletableFuture<CoreSession> connect(TunnelRequest tunnelRequest, TunnelListener listener, Tunnel tunnel)
            throws IOException {
        if (!clients.containsKey(tunnelRequest.client())) {
            // A replaced upstream client is stopped after its grace period; its WebSocket client goes with it.
            clients.entrySet().removeIf(entry -> {
                boolean stale = !entry.getKey().isRunning();
                if (stale) {
                    LifeCycle.stop(entry.getValue());
                }
                return stale;
            });
        }
        WebSocketCoreClient client = clients.computeIfAbsent(tunnelRequest.client(), WebSocketTunnels::startClient);
        CoreClientUpgradeRequest upgrade =
                CoreClientUpgradeRequest.from(client, tunnelRequest.target(), tunnel.upstreamSide());
        // put, not add: the client's own User-Agent gives way to the visitor's.
        upgrade.headers(headers -> tunnelRequest.headers().forEach(headers::put));
        if (!tunnelRequest.subprotocols().isEmpty()) {
            upgrade.setSubProtocols(tunnelRequest.subprotocols());
        }
        // No request timeout: Jetty's client keeps its scheduled task (and through it the tunnel) until it fires, even
        // after the upgrade succeeded. The handshake is bounded by waiting on the future, which aborts it when
        // cancelled.
        org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer configuration =
                new org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer();
        configuration.setIdleTimeout(tunnelRequest.idleTimeout());
        configuration.setWriteTimeout(Tunnel.writeTimeout(tunnelRequest.idleTimeout()));
        // Frames larger than this arrive in parts, so a large Qlik message is relayed without being held whole.
        configuration.setMaxFrameSize(MAX_FRAME_BYTES);
        configuration.setAutoFragment(true);
        upgrade.setConfiguration(configuration);
        upgrade.addListener(new UpgradeListener() {
            @Override
            public void onHandshakeResponse(Request request, Response response) {
                response.getHeaders()
                        .getValuesList("Set-Cookie")
                        .forEach(value -> listener.setCookie(tunnelRequest, value));
            }
        });
        return client.connect(upgrade);
    }

    private static WebSocketCoreClient startClient(HttpClient httpClient) {
        WebSocketCoreClient client = new WebSocketCoreClient(httpClient, new WebSocketComponents());
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream WebSocket client", e);
        }
        return client;
    }

    /** Answers a handshake that failed with {@code cause}: Qlik's own refusal, 504 for a timeout, else 502. */
    private static void refuse(HttpServletResponse response, Throwable cause, TunnelRequest tunnelRequest)
            throws IOException {
        int status = refusedStatus(cause);
        if (status > 0) {
            ErrorResponse.send(
                    response,
                    Refusals.HANDSHAKE_REFUSED_BY_QLIK.withStatus(
                            status >= 400 && status <= 599 ? status : 502, status));
        } else if (Causes.isTimeout(cause)) {
            ErrorResponse.send(
                    response,
                    Refusals.HANDSHAKE_SILENT.with(
                            tunnelRequest.handshakeTimeout().toMillis()));
        } else {
            ErrorResponse.send(response, Refusals.HANDSHAKE_UNREACHABLE.with());
        }
    }

    /**
     * Closes every open tunnel because this node stops: the visitor's side with Qlik's "engine terminating" (4003),
     * on which {@code @qlik/api} opens its session again at once, through the load balancer to another node.
     *
     * @return how many tunnels were open
     */
    public int closeAllForShutdown() {
        List<Tunnel> closing = List.copyOf(open);
        closing.forEach(tunnel -> tunnel.close(CloseCodes.ENGINE_TERMINATING, "the kit is stopping"));
        return closing.size();
    }

    @Override
    public void close() {
        closeAllForShutdown();
        clients.values().forEach(client -> LifeCycle.stop(client));
        clients.clear();
    }
}
