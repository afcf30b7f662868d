package io.anonkit.tunnel;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * The tunnel's connection to Qlik. Each data frame from Qlik goes to the visitor before the next one is read: a whole
 * message asynchronously, a fragment of a larger message with a blocking partial send (the Jakarta API has no
 * asynchronous partial send), which bounds what the kit holds to one frame.
 */
final class UpstreamSide implements FrameHandler {
    private final Tunnel tunnel;
    private final Utf8Fragments text = new Utf8Fragments();
    private boolean textMessage;

    UpstreamSide(Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        tunnel.upstreamOpened(session);
        callback.succeeded();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        CoreSession upstream = tunnel.upstream();
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> relay(frame, callback, upstream);
            case OpCode.PING -> {
                ByteBuffer payload = ByteBuffer.allocate(frame.getPayloadLength());
                if (frame.hasPayload()) {
                    payload.put(frame.getPayload().slice()).flip();
                }
                upstream.sendFrame(new Frame(OpCode.PONG, payload), Callback.NOOP, false);
                callback.succeeded();
                upstream.demand();
            }
            case OpCode.PONG -> {
                callback.succeeded();
                upstream.demand();
            }
            default -> callback.succeeded();
        }
    }

    private void relay(Frame frame, Callback callback, CoreSession upstream) {
        Session visitor = tunnel.visitor();
        byte opCode = frame.getOpCode();
        if (opCode != OpCode.CONTINUATION) {
            textMessage = opCode == OpCode.TEXT;
        }
        ByteBuffer payload = frame.hasPayload() ? frame.getPayload() : ByteBuffer.allocate(0);
        if (frame.isFin() && opCode != OpCode.CONTINUATION) {
            if (textMessage) {
                visitor.getAsyncRemote().sendText(frame.getPayloadAsUTF8(), result -> sent(result, callback, upstream));
            } else {
                visitor.getAsyncRemote().sendBinary(payload, result -> sent(result, callback, upstream));
            }
            return;
        }
        try {
            if (textMessage) {
                visitor.getBasicRemote().sendText(text.decode(payload, frame.isFin()), frame.isFin());
            } else {
                visitor.getBasicRemote().sendBinary(payload, frame.isFin());
            }
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
        upstream.demand();
    }

    private static void sent(SendResult result, Callback callback, CoreSession upstream) {
        if (result.isOK()) {
            callback.succeeded();
            upstream.demand();
        } else {
            callback.failed(result.getException());
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        callback.succeeded();
        tunnel.upstreamClosed(status.getCode(), status.getReason());
    }
}
