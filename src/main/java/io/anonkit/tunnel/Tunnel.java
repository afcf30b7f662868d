package io.anonkit.tunnel;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.websocket.core.CoreSession;

/**
 * One visitor connection paired with one upstream connection. Frames flow both ways with backpressure: the upstream
 * is asked for its next frame only once the previous one reached the visitor, and a visitor's frame is handed on only
 * once the previous one reached Qlik, so at most one frame per direction is in the kit at any time. Neither side parks
 * a thread while the tunnel is idle. When one side ends, the other is closed with the matching code.
 */
final class Tunnel {
    private static final System.Logger LOG = System.getLogger(Tunnel.class.getName());

    private final Duration idleTimeout;
    private final Runnable onEnd;
    private final MessageInspector inspector;
    private final TunnelEvents events;
    private final ContainerDecorations decorations;
    private volatile boolean opened;
    private final java.util.List<String> queuedForVisitor = new java.util.ArrayList<>();
    private boolean engineFragmenting;
    private volatile boolean closedByGateway;
    /** How long Qlik's side may take to answer a close before its connection is aborted. */
    static final java.time.Duration UPSTREAM_CLOSE_WAIT = java.time.Duration.ofSeconds(5);
    /**
     * Longest wait for one frame to be written to either side. Jetty's client keeps a connection, and through its
     * handler everything the handler reaches, scheduled until its write timeout even when it could not finish closing;
     * a bound far below an idle timeout of an hour keeps such a remnant short-lived, and a peer that reads nothing
     * for this long has failed anyway.
     */
    static final Duration MAX_WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private final UpstreamSide upstreamSide = new UpstreamSide(this);
    private final VisitorEndpoint visitorEndpoint = new VisitorEndpoint(this);
    private final Object lock = new Object();
    private CoreSession upstream;
    private Session visitor;
    private VisitorSender sender;
    private CloseReason pendingVisitorClose;

    /**
     * A tunnel whose sides may stay silent for {@code idleTimeout}; {@code onEnd} runs once when either side ends;
     * {@code inspector} reads the messages that cross; {@code events} hears of the tunnel's life; {@code decorations}
     * undoes what the container decorated for the visitor's connection.
     */
    Tunnel(
            Duration idleTimeout,
            Runnable onEnd,
            MessageInspector inspector,
            TunnelEvents events,
            ContainerDecorations decorations) {
        this.idleTimeout = idleTimeout;
        this.onEnd = onEnd;
        this.inspector = inspector;
        this.events = events;
        this.decorations = decorations;
    }

    ContainerDecorations decorations() {
        return decorations;
    }

    TunnelEvents events() {
        return events;
    }

    MessageInspector inspector() {
        return inspector;
    }

    /**
     * Sends {@code text} to the visitor as one message, after any fragmented message the engine is sending now, so
     * that it never lands between the fragments.
     */
    void sendToVisitor(String text) {
        Session session;
        synchronized (lock) {
            session = visitor;
            if (session == null) {
                return;
            }
            if (engineFragmenting) {
                queuedForVisitor.add(text);
                return;
            }
        }
        sender().text(text, null);
    }

    /** The engine starts or ends a fragmented message to the visitor; at its end, queued answers go out. */
    void engineFragmenting(boolean fragmenting) {
        java.util.List<String> queued;
        Session session;
        synchronized (lock) {
            engineFragmenting = fragmenting;
            if (fragmenting || queuedForVisitor.isEmpty()) {
                return;
            }
            queued = new java.util.ArrayList<>(queuedForVisitor);
            queuedForVisitor.clear();
            session = visitor;
        }
        VisitorSender to = sender();
        queued.forEach(text -> to.text(text, null));
    }

    /** Ends the tunnel from the kit's side: the visitor's with {@code code} and {@code reason}, Qlik's as normal. */
    void close(int code, String reason) {
        ended(code);
        closedByGateway = true;
        Session session;
        synchronized (lock) {
            session = visitor;
        }
        if (session != null) {
            closeQuietly(
                    session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), CloseCodes.reason(reason)));
        }
        CoreSession up = upstream();
        if (up != null && !up.isClosed()) {
            up.close(CloseCodes.NORMAL, "closed by the gateway", org.eclipse.jetty.util.Callback.NOOP);
            abortUnlessClosed(up);
        }
    }

    /** The tunnel never opened: runs the end hook, once. */
    void ended() {
        if (ended.compareAndSet(false, true)) {
            upstreamSide.letGo();
            onEnd.run();
        }
    }

    /**
     * The tunnel is over, first ended with {@code code}: Qlik's side lets go of it (Jetty may keep that connection a
     * while, and nothing it keeps may reach the tunnel), the end hook runs once, and the events hear of it if it was
     * open.
     */
    private void ended(int code) {
        if (ended.compareAndSet(false, true)) {
            upstreamSide.letGo();
            onEnd.run();
            if (opened) {
                events.closed(code);
            }
        }
    }

    UpstreamSide upstreamSide() {
        return upstreamSide;
    }

    VisitorEndpoint visitorEndpoint() {
        return visitorEndpoint;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long one frame may take to be written to either side: the idle timeout, at most {@link #MAX_WRITE_TIMEOUT}. */
    Duration writeTimeout() {
        return writeTimeout(idleTimeout);
    }

    static Duration writeTimeout(Duration idleTimeout) {
        return idleTimeout.compareTo(MAX_WRITE_TIMEOUT) < 0 ? idleTimeout : MAX_WRITE_TIMEOUT;
    }

    /** The upstream connection opened; frames are read from it only once the visitor side is open too. */
    void upstreamOpened(CoreSession session) {
        session.setIdleTimeout(idleTimeout);
        session.setWriteTimeout(writeTimeout());
        synchronized (lock) {
            upstream = session;
        }
    }

    CoreSession upstream() {
        synchronized (lock) {
            return upstream;
        }
    }

    /** The visitor's connection opened: start reading from the upstream, or close at once if it has ended already. */
    void visitorOpened(Session session) {
        session.setMaxIdleTimeout(idleTimeout.toMillis());
        opened = true;
        events.opened();
        CloseReason pending;
        CoreSession up;
        synchronized (lock) {
            visitor = session;
            sender = new VisitorSender(session);
            pending = pendingVisitorClose;
            up = upstream;
        }
        if (pending != null) {
            closeQuietly(session, pending);
        } else if (up != null) {
            up.demand();
        }
    }

    Session visitor() {
        synchronized (lock) {
            return visitor;
        }
    }

    /** What sends to the visitor, one message at a time; set once the visitor's side opened. */
    VisitorSender sender() {
        synchronized (lock) {
            return sender;
        }
    }

    /** Qlik's side ended with {@code code}: close the visitor's side with the matching code. */
    void upstreamClosed(int code, String reason) {
        ended(code);
        closeVisitor(CloseCodes.towardVisitor(code), reason);
    }

    /**
     * Qlik's side was silent for the idle timeout and the kit closed it: the visitor's side closes as going away (1001),
     * not as a Qlik that went away, so that its client does not reopen an idle session at once.
     */
    void upstreamIdle(String reason) {
        ended(CloseCodes.GOING_AWAY);
        closeVisitor(CloseCodes.GOING_AWAY, reason);
    }

    private void closeVisitor(int code, String reason) {
        if (closedByGateway) {
            // The gateway closed the visitor's side already, with its own code.
            return;
        }
        CloseReason close = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), CloseCodes.reason(reason));
        Session session;
        synchronized (lock) {
            session = visitor;
            if (session == null) {
                pendingVisitorClose = close;
                return;
            }
        }
        closeQuietly(session, close);
    }

    /** The visitor's side ended with {@code code}: close Qlik's side with the matching code. */
    void visitorClosed(int code, String reason) {
        ended(code);
        CoreSession up = upstream();
        if (up != null && !up.isClosed()) {
            up.close(CloseCodes.towardUpstream(code), CloseCodes.reason(reason), org.eclipse.jetty.util.Callback.NOOP);
            abortUnlessClosed(up);
        }
    }

    /**
     * Ends Qlik's side for good when its close handshake has not completed within {@link #UPSTREAM_CLOSE_WAIT}: a peer
     * that never answers a close would otherwise keep the connection, and the whole tunnel with it, until its idle
     * timeout.
     */
    private static void abortUnlessClosed(CoreSession up) {
        java.util.concurrent.CompletableFuture.delayedExecutor(
                        UPSTREAM_CLOSE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (!up.isClosed()) {
                        up.abort();
                    }
                });
    }

    /** Something failed in the relay: end both sides, Qlik's as going away and the visitor's as a bad gateway. */
    void fail(Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "WebSocket tunnel failed", cause);
        visitorClosed(CloseCodes.GOING_AWAY, "tunnel failed");
        upstreamClosed(CloseCodes.BAD_GATEWAY, "tunnel failed");
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not close the visitor's WebSocket", e);
        }
    }
}
