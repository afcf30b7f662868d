package io.anonkit.proxy;

import io.anonkit.settings.Settings;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.jetty.client.ContinueProtocolHandler;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the kit's started HTTP clients to the upstream from a settings snapshot, passed in: each speaks HTTP/1.1 only,
 * as Qlik's proxy does (no protocol negotiation per destination), through an {@link UpstreamConnector}, follows no
 * redirect and keeps no cookie, so visitors' cookies never mix.
 */
final class UpstreamClientFactory {
    /** Bytes read from the visitor's request body at a time; the client's 4 KiB default made uploads 5x slower. */
    static final int REQUEST_BUFFER_SIZE = 32 * 1024;
    /**
     * Bytes read from Qlik's response at a time, as many as the container's output buffer holds; the client's 16 KiB
     * default made downloads a third slower. A download the visitor reads slowly holds one such buffer.
     */
    static final int RESPONSE_BUFFER_SIZE = 32 * 1024;
    /** Client thread pool size when the container offers no executor (any container but Jetty). */
    static final int DEFAULT_MAX_THREADS = 64;
    /** Most threads relaying WebSocket tunnels and opening sessions; idle tunnels hold none. */
    static final int TUNNEL_THREADS = 200;
    /** Most connections to the upstream per destination for proxied requests, Jetty's proxy default. */
    static final int MAX_CONNECTIONS = 256;
    /** Time an idle pooled connection to the upstream is kept, Jetty's proxy default. */
    static final long CONNECTION_IDLE_MILLIS = 30_000;

    private UpstreamClientFactory() {}

    /**
     * The client for proxied HTTP requests, as Jetty's proxy servlet configures its own: content is passed through
     * undecoded, and of the protocol handlers only {@code Expect: 100-continue} is kept.
     *
     * @param serverExecutor the container's executor to share, or {@code null} for a pool of its own
     * @param onContinue     what to run when the upstream answers 100 Continue to a proxied request (the proxy
     *                       servlet's {@code onContinue}, which asks the visitor for the body)
     */
    static HttpClient proxyClient(Settings settings, Executor serverExecutor, Function<Request, Runnable> onContinue) {
        HttpClient client = newClient(settings);
        if (serverExecutor != null) {
            client.setExecutor(serverExecutor);
        } else {
            QueuedThreadPool threads = new QueuedThreadPool(DEFAULT_MAX_THREADS);
            threads.setName("anonkit-proxy");
            client.setExecutor(threads);
        }
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        client.setIdleTimeout(CONNECTION_IDLE_MILLIS);
        client.setRequestBufferSize(REQUEST_BUFFER_SIZE);
        client.setResponseBufferSize(RESPONSE_BUFFER_SIZE);
        start(client, "HTTP");
        client.getContentDecoderFactories().clear();
        client.getProtocolHandlers().clear();
        client.getProtocolHandlers().put(new ContinueProtocolHandler() {
            @Override
            protected Runnable onContinue(Request request) {
                return onContinue.apply(request);
            }
        });
        return client;
    }

    /**
     * The client for WebSocket tunnels and session openings: the same TLS and connect settings, but threads of its
     * own, so that servlet threads waiting for upstream handshakes or sessions can never starve the threads that
     * complete them.
     */
    static HttpClient tunnelClient(Settings settings) {
        QueuedThreadPool threads = new QueuedThreadPool(TUNNEL_THREADS, 4);
        threads.setName("anonkit-tunnel");
        threads.setDaemon(true);
        HttpClient client = newClient(settings);
        client.setExecutor(threads);
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
        start(client, "WebSocket");
        return client;
    }

    private static HttpClient newClient(Settings settings) {
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(UpstreamConnector.of(settings)));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        return client;
    }

    private static void start(HttpClient client, String kind) {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream " + kind + " client: " + e.getMessage(), e);
        }
    }
}
