package io.anonkit.testing;

import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * The stand-in's engine WebSockets, like Qlik's {@code /app/<appId>} and {@code /hub/} endpoints: each handshake is
 * recorded with the stand-in's requests and opens a proxy session if it carries no valid session cookie; the first
 * subprotocol offered is accepted; a JSON-RPC request is answered by the {@link QixEngine}, and every other message is
 * echoed, except the commands {@code close:<code>} (the server closes
 * with that code) and {@code push:<count>:<bytes>} (the server sends that many binary messages as fast as the
 * connection takes them).
 */
public final class StandInWebSockets {
    private final QixEngine engine = new QixEngine();
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> held =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final QlikStandIn standIn;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong pushed = new AtomicLong();
    private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();

    private volatile java.util.Set<String> hostAllowList = java.util.Set.of();

    void hostAllowList(java.util.Set<String> hosts) {
        hostAllowList = hosts;
    }

    private boolean originAllowed(String origin) {
        if (hostAllowList.isEmpty()) {
            return true;
        }
        try {
            return origin != null
                    && hostAllowList.contains(java.net.URI.create(origin).getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    StandInWebSockets(QlikStandIn standIn) {
        this.standIn = standIn;
    }

    Handler wrap(Handler http) {
        WebSocketUpgradeHandler upgrade = new WebSocketUpgradeHandler(handler -> {
            handler.addMapping(QlikStandIn.PREFIX + "/app/*", negotiator());
            handler.addMapping(QlikStandIn.PREFIX + "/hub/*", negotiator());
        });
        // Qlik keeps an idle engine socket open (its proxy ends idle sessions after 30 minutes); Jetty's default would
        // close it after 30 s, which is not Qlik's behaviour and once ended a test's tunnels in the middle of a wait.
        upgrade.getConfiguration().setIdleTimeout(java.time.Duration.ofMinutes(10));
        upgrade.setHandler(http);
        return upgrade;
    }

    private WebSocketNegotiator negotiator() {
        return new WebSocketNegotiator() {
            @Override
            public FrameHandler negotiate(
                    ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
                standIn.record(request, 0, List.of());
                if (request.getHttpURI().getPath().contains("refuse")
                        || !originAllowed(request.getHeaders().get("Origin"))) {
                    Response.writeError(request, response, callback, 403);
                    return null;
                }
                // Qlik ties a CSRF token to the session that issued it, and refuses one of another session.
                String token = org.eclipse.jetty.server.Request.extractQueryParameters(request)
                        .getValue("qlik-csrf-token");
                java.util.Optional<String> session = standIn.sessionId(request, null);
                if (token != null && session.isPresent() && !token.equals(standIn.csrfTokenOfSession(session.get()))) {
                    standIn.refusedCsrfToken();
                    Response.writeError(request, response, callback, 403);
                    return null;
                }
                standIn.sessionCookieFor(request)
                        .ifPresent(cookie -> response.getHeaders().add("Set-Cookie", cookie));
                if (!request.getSubProtocols().isEmpty()) {
                    response.setAcceptedSubProtocol(request.getSubProtocols().get(0));
                }
                return new Echo();
            }
        };
    }

    /** Connections open now. */
    /** Sends the answers the engine held back, in the order of their requests, and answers at once from then on. */
    public void releaseHeld() {
        engine.hold(false);
        Runnable next;
        while ((next = held.poll()) != null) {
            next.run();
        }
    }

    /** The engine that answers JSON-RPC requests. */
    public QixEngine engine() {
        return engine;
    }

    /** WebSockets open now. */
    public int open() {
        return open.get();
    }

    /** Bytes the {@code push} command has handed to the connection so far. */
    public long pushed() {
        return pushed.get();
    }

    /** Close codes of every connection that ended, in order. */
    public List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    private final class Echo implements FrameHandler {
        private CoreSession session;

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            open.incrementAndGet();
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            if (!frame.isDataFrame()) {
                callback.succeeded();
                if (frame.getOpCode() != OpCode.CLOSE) {
                    session.demand();
                }
                return;
            }
            String text = frame.getOpCode() == OpCode.TEXT && frame.isFin() ? frame.getPayloadAsUTF8() : "";
            if (text.equals("deaf")) {
                // From now on reads nothing, not even a close: a peer whose close handshake never completes.
                callback.succeeded();
                return;
            }
            if (text.startsWith("close:")) {
                callback.succeeded();
                session.close(Integer.parseInt(text.substring(6)), "closed on request", Callback.NOOP);
                return;
            }
            Optional<JsonObject> request = QixEngine.request(text);
            if (request.isPresent() && engine.holding()) {
                String answer = engine.answer(request.get(), text);
                held.add(() -> session.sendFrame(
                        new Frame(
                                OpCode.TEXT,
                                java.nio.ByteBuffer.wrap(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                        Callback.NOOP,
                        false));
                callback.succeeded();
                session.demand();
                return;
            }
            if (request.isPresent()) {
                String answer = engine.answer(request.get(), text);
                session.sendFrame(
                        new Frame(
                                OpCode.TEXT,
                                java.nio.ByteBuffer.wrap(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                        Callback.from(
                                () -> {
                                    callback.succeeded();
                                    session.demand();
                                },
                                callback::failed),
                        false);
                return;
            }
            if (text.startsWith("push:")) {
                String[] parts = text.split(":");
                callback.succeeded();
                push(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                session.demand();
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(frame.getPayloadLength());
            if (frame.hasPayload()) {
                copy.put(frame.getPayload().slice()).flip();
            }
            session.sendFrame(
                    new Frame(frame.getOpCode(), frame.isFin(), copy),
                    Callback.from(
                            () -> {
                                callback.succeeded();
                                session.demand();
                            },
                            callback::failed),
                    false);
        }

        private void push(int count, int bytes) {
            if (count == 0) {
                return;
            }
            session.sendFrame(
                    new Frame(OpCode.BINARY, ByteBuffer.allocate(bytes)),
                    Callback.from(
                            () -> {
                                pushed.addAndGet(bytes);
                                push(count - 1, bytes);
                            },
                            failure -> {}),
                    false);
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            open.decrementAndGet();
            closeCodes.add(closeStatus.getCode());
            callback.succeeded();
        }
    }
}
