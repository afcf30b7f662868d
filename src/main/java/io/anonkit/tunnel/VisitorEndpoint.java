package io.anonkit.tunnel;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * The tunnel's connection to the visitor, a Jakarta WebSocket endpoint so that it runs in any servlet container. Each
 * message fragment the container delivers is sent on to Qlik before the handler returns, so a slow Qlik slows the
 * visitor down (the container stops reading) instead of making the kit buffer. With an inspector, a text message is
 * gathered whole (up to the inspector's limit, else the tunnel closes with 1009) and goes on only as the inspector
 * decides.
 */
public final class VisitorEndpoint extends Endpoint {
    /** The tunnel, until the visitor's side closes: then let go, so that nothing the container keeps reaches it. */
    private volatile Tunnel tunnel;

    private boolean messageOpen;
    private char pendingHighSurrogate;
    /** A gathered message's buffer is kept for the next one up to this capacity, and dropped when larger. */
    private static final int KEPT_BUFFER = 64 * 1024;

    private StringBuilder message = new StringBuilder();

    VisitorEndpoint(Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinary);
        tunnel.visitorOpened(session);
    }

    private void onText(String part, boolean last) {
        Tunnel tunnel = this.tunnel;
        if (tunnel == null) {
            return;
        }
        MessageInspector inspector = tunnel.inspector();
        if (inspector.inspects()) {
            inspect(tunnel, inspector, part, last);
            return;
        }
        String text = part;
        if (pendingHighSurrogate != 0) {
            text = pendingHighSurrogate + text;
            pendingHighSurrogate = 0;
        }
        if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            pendingHighSurrogate = text.charAt(text.length() - 1);
            text = text.substring(0, text.length() - 1);
        }
        forward(tunnel, OpCode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), last);
    }

    private void inspect(Tunnel tunnel, MessageInspector inspector, String part, boolean last) {
        if (message.length() + part.length() > inspector.maxMessage()) {
            release();
            tunnel.close(1009, "engine message too big");
            return;
        }
        message.append(part);
        if (!last) {
            return;
        }
        String text = message.toString();
        release();
        decide(tunnel, inspector.visitorMessage(text));
    }

    private void decide(Tunnel tunnel, MessageInspector.Decision decision) {
        if (decision instanceof MessageInspector.Decision.Forward forward) {
            forward(tunnel, OpCode.TEXT, ByteBuffer.wrap(forward.text().getBytes(StandardCharsets.UTF_8)), true);
        } else if (decision instanceof MessageInspector.Decision.Answer answer) {
            tunnel.sendToVisitor(answer.text());
        } else if (decision instanceof MessageInspector.Decision.Close close) {
            tunnel.close(close.code(), close.reason());
        }
    }

    private void onBinary(ByteBuffer part, boolean last) {
        Tunnel tunnel = this.tunnel;
        if (tunnel == null) {
            return;
        }
        if (tunnel.inspector().inspects()) {
            decide(tunnel, tunnel.inspector().visitorBinary());
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(part.remaining()).put(part).flip();
        forward(tunnel, OpCode.BINARY, copy, last);
    }

    private void forward(Tunnel tunnel, byte opCode, ByteBuffer payload, boolean last) {
        tunnel.events().frame(TunnelEvents.Direction.TO_QLIK, payload.remaining());
        CoreSession upstream = tunnel.upstream();
        Frame frame = new Frame(messageOpen ? OpCode.CONTINUATION : opCode, last, payload);
        messageOpen = !last;
        FutureCallback sent = new FutureCallback();
        upstream.sendFrame(frame, sent, false);
        try {
            sent.get(tunnel.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tunnel.fail(e);
        } catch (ExecutionException | TimeoutException e) {
            tunnel.fail(e);
        }
    }

    /** Empties the gathered message, dropping its buffer when it grew large (an unfinished large message included). */
    private void release() {
        if (message.capacity() > KEPT_BUFFER) {
            message = new StringBuilder();
        } else {
            message.setLength(0);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        Tunnel ended = letGo(session);
        if (ended != null) {
            ended.visitorClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        Tunnel ended = letGo(session);
        if (ended != null) {
            ended.visitorClosed(CloseCodes.GOING_AWAY, "visitor connection failed");
        }
    }

    /**
     * Lets go of the tunnel and the gathered message, ends the container's decoration of this endpoint
     * ({@link ContainerDecorations}) and takes this endpoint's handlers off {@code session}: containers may keep a closed
     * session or endpoint for a while, and nothing they keep may reach the tunnel, its buffers or Qlik's side. The tunnel, or {@code null} if it was let go already.
     */
    private Tunnel letGo(Session session) {
        Tunnel ended = tunnel;
        tunnel = null;
        message = new StringBuilder(0);
        if (ended != null) {
            ended.decorations().destroy(this);
        }
        try {
            for (MessageHandler handler : java.util.List.copyOf(session.getMessageHandlers())) {
                session.removeMessageHandler(handler);
            }
        } catch (IllegalStateException | UnsupportedOperationException e) {
            // A container that refuses changes to a closing session; the endpoint holds nothing now anyway.
        }
        return ended;
    }
}
