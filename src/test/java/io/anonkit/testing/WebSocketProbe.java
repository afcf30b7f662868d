package io.anonkit.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * A visitor's WebSocket in tests: any handshake headers (including hostile ones), whole messages collected in a queue,
 * and reading that can be paused to play a slow reader.
 */
public final class WebSocketProbe implements FrameHandler, AutoCloseable {
    /** A received message: text, or binary as a byte count. */
    public record Message(String text, int binaryBytes) {}

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream textParts = new java.io.ByteArrayOutputStream();
    private int binaryParts;
    private boolean text;
    private volatile boolean paused;
    private volatile CoreSession session;

    /** Shared client for probes; stop it after the tests. */
    public static WebSocketCoreClient newClient() throws Exception {
        HttpClient http = new HttpClient();
        WebSocketCoreClient client = new WebSocketCoreClient(http, new WebSocketComponents());
        client.start();
        return client;
    }

    /** Shared client for probes whose connections come from {@code address} (any of 127.0.0.0/8 on Linux). */
    public static WebSocketCoreClient newClient(String address) throws Exception {
        HttpClient http = new HttpClient();
        http.setBindAddress(new java.net.InetSocketAddress(address, 0));
        WebSocketCoreClient client = new WebSocketCoreClient(http, new WebSocketComponents());
        client.start();
        return client;
    }

    /** A client for {@code wss:} URLs whose server certificate is in {@code trustStore} (PKCS12). */
    public static WebSocketCoreClient newClient(java.nio.file.Path trustStore, String password) throws Exception {
        org.eclipse.jetty.util.ssl.SslContextFactory.Client tls =
                new org.eclipse.jetty.util.ssl.SslContextFactory.Client();
        tls.setTrustStorePath(trustStore.toString());
        tls.setTrustStorePassword(password);
        tls.setTrustStoreType("PKCS12");
        org.eclipse.jetty.io.ClientConnector connector = new org.eclipse.jetty.io.ClientConnector();
        connector.setSslContextFactory(tls);
        HttpClient http = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
        WebSocketCoreClient client = new WebSocketCoreClient(http, new WebSocketComponents());
        client.start();
        return client;
    }

    /** Opens a probe; the future fails with the upstream's UpgradeException when the handshake is refused. */
    public static CompletableFuture<WebSocketProbe> connect(
            WebSocketCoreClient client,
            URI uri,
            Map<String, String> headers,
            List<String> subprotocols,
            boolean startPaused)
            throws Exception {
        return connect(client, uri, headers, subprotocols, startPaused, Duration.ofSeconds(10));
    }

    /**
     * Opens a probe whose handshake may take {@code timeout}, counted from now: queued behind the client's other
     * handshakes included, so a test that opens many at once gives them the time they wait in the queue.
     */
    public static CompletableFuture<WebSocketProbe> connect(
            WebSocketCoreClient client,
            URI uri,
            Map<String, String> headers,
            List<String> subprotocols,
            boolean startPaused,
            Duration timeout)
            throws Exception {
        WebSocketProbe probe = new WebSocketProbe();
        probe.paused = startPaused;
        CoreClientUpgradeRequest request = CoreClientUpgradeRequest.from(client, uri, probe);
        request.headers(fields -> headers.forEach(fields::put));
        if (!subprotocols.isEmpty()) {
            request.setSubProtocols(subprotocols);
        }
        request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // A probe stays open until its test closes it: no client idle timeout (Jetty's default of 30 s) ends it first.
        org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer configuration =
                new org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer();
        configuration.setIdleTimeout(Duration.ofMinutes(10));
        request.setConfiguration(configuration);
        request.addListener(new org.eclipse.jetty.websocket.core.client.UpgradeListener() {
            @Override
            public void onHandshakeResponse(
                    org.eclipse.jetty.client.Request upgrade, org.eclipse.jetty.client.Response response) {
                probe.handshakeHeaders = response.getHeaders();
            }
        });
        return client.connect(request).thenApply(s -> probe);
    }

    private volatile org.eclipse.jetty.http.HttpFields handshakeHeaders = org.eclipse.jetty.http.HttpFields.EMPTY;

    /** The headers of the gateway's answer to the handshake. */
    public org.eclipse.jetty.http.HttpFields handshakeHeaders() {
        return handshakeHeaders;
    }

    /**
     * Opens {@code count} probes to {@code uri} at once, from a page of {@code https://site.example.com}. Handshakes
     * queue behind the client's connections, so each may take the whole {@code wait}, counted from now, not a probe's
     * default 10 s from when it was queued (a loaded machine ran past that).
     */
    public static List<WebSocketProbe> connectAll(WebSocketCoreClient client, URI uri, int count, Duration wait)
            throws Exception {
        List<CompletableFuture<WebSocketProbe>> opening = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.add(connect(client, uri, Map.of("Origin", "https://site.example.com"), List.of(), false, wait));
        }
        List<WebSocketProbe> open = new java.util.ArrayList<>();
        for (CompletableFuture<WebSocketProbe> probe : opening) {
            open.add(probe.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        }
        return open;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        callback.succeeded();
        if (!paused) {
            session.demand();
        }
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        if (frame.isDataFrame()) {
            if (frame.getOpCode() != OpCode.CONTINUATION) {
                text = frame.getOpCode() == OpCode.TEXT;
            }
            if (text) {
                ByteBuffer payload = frame.getPayload() == null
                        ? ByteBuffer.allocate(0)
                        : frame.getPayload().slice();
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                textParts.writeBytes(bytes);
            } else {
                binaryParts += frame.getPayloadLength();
            }
            if (frame.isFin()) {
                messages.add(
                        text
                                ? new Message(textParts.toString(java.nio.charset.StandardCharsets.UTF_8), -1)
                                : new Message(null, binaryParts));
                textParts.reset();
                binaryParts = 0;
            }
        }
        callback.succeeded();
        if (!paused && frame.getOpCode() != OpCode.CLOSE) {
            session.demand();
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        closed.complete(closeStatus);
        callback.succeeded();
    }

    /** The negotiated subprotocol. */
    public String subprotocol() {
        return session.getNegotiatedSubProtocol();
    }

    /** Sends a text message and waits until it is written. */
    public void send(String message) throws Exception {
        FutureCallback sent = new FutureCallback();
        session.sendFrame(new Frame(OpCode.TEXT, message), sent, false);
        sent.get(10, TimeUnit.SECONDS);
    }

    /** Sends text messages in one write: every frame but the last is batched, the last flushes them all. */
    public void sendTogether(String... texts) throws Exception {
        List<FutureCallback> sent = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            FutureCallback callback = new FutureCallback();
            session.sendFrame(new Frame(OpCode.TEXT, texts[i]), callback, i < texts.length - 1);
            sent.add(callback);
        }
        for (FutureCallback callback : sent) {
            callback.get(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a text message and sends {@code parts} fragments of it, never the last: a message left unfinished. */
    public void sendUnfinished(String part, int parts) throws Exception {
        for (int i = 0; i < parts; i++) {
            FutureCallback sent = new FutureCallback();
            session.sendFrame(
                    new Frame(
                            i == 0 ? OpCode.TEXT : OpCode.CONTINUATION,
                            false,
                            ByteBuffer.wrap(part.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    sent,
                    false);
            sent.get(10, TimeUnit.SECONDS);
        }
    }

    /** Sends one message in fragments, each a frame of its own. */
    public void sendFragments(byte opCode, List<ByteBuffer> fragments) throws Exception {
        for (int i = 0; i < fragments.size(); i++) {
            FutureCallback sent = new FutureCallback();
            session.sendFrame(
                    new Frame(i == 0 ? opCode : OpCode.CONTINUATION, i == fragments.size() - 1, fragments.get(i)),
                    sent,
                    false);
            sent.get(10, TimeUnit.SECONDS);
        }
    }

    /** Sends a binary message and waits until it is written. */
    public void send(ByteBuffer message) throws Exception {
        FutureCallback sent = new FutureCallback();
        session.sendFrame(new Frame(OpCode.BINARY, message), sent, false);
        sent.get(10, TimeUnit.SECONDS);
    }

    /** The next whole message, waiting up to {@code timeout}. */
    public Message next(Duration timeout) throws InterruptedException {
        Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return message;
    }

    /** Resumes reading after {@code startPaused}. */
    public void resume() {
        paused = false;
        session.demand();
    }

    /** How the connection ended. */
    public CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    /** Closes with {@code code}. */
    public void close(int code) {
        session.close(code, "probe closed", Callback.NOOP);
    }

    @Override
    public void close() {
        if (session != null && !session.isClosed()) {
            session.close(CloseStatus.NORMAL, "done", Callback.NOOP);
        }
    }
}
