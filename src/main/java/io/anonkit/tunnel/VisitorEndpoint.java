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
 * visitor down (the container stops reading) instead of making the kit buffer.
 */
public final class VisitorEndpoint extends Endpoint {
    private final Tunnel tunnel;
    private boolean messageOpen;
    private char pendingHighSurrogate;

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
        String text = part;
        if (pendingHighSurrogate != 0) {
            text = pendingHighSurrogate + text;
            pendingHighSurrogate = 0;
        }
        if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            pendingHighSurrogate = text.charAt(text.length() - 1);
            text = text.substring(0, text.length() - 1);
        }
        forward(OpCode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), last);
    }

    private void onBinary(ByteBuffer part, boolean last) {
        ByteBuffer copy = ByteBuffer.allocate(part.remaining()).put(part).flip();
        forward(OpCode.BINARY, copy, last);
    }

    private void forward(byte opCode, ByteBuffer payload, boolean last) {
        CoreSession upstream = tunnel.upstream();
        Frame frame = new Frame(messageOpen ? OpCode.CONTINUATION : opCode, last, payload);
        messageOpen = !last;
        FutureCallback sent = new FutureCallback();
        upstream.sendFrame(frame, sent, false);
        try {
            sent.get(tunnel.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tunnel.fail(e);
        } catch (ExecutionException | TimeoutException e) {
            tunnel.fail(e);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        tunnel.visitorClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        tunnel.visitorClosed(CloseCodes.GOING_AWAY, "visitor connection failed");
    }
}
