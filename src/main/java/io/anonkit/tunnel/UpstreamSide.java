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
    /**
     * The tunnel, until it ends: then let go, because Jetty may keep this connection a while after the tunnel is over
     * (until a write timeout it scheduled fires) and nothing it keeps may reach the tunnel, its visitor or its buffers.
     */
    private volatile Tunnel tunnel;

    private volatile CoreSession session;
    /**
     * Most characters of a fragmented engine message gathered whole for the inspector; a longer one is skimmed as it
     * is relayed ({@link TopLevelSkimmer}) for its id and the handles it closes.
     */
    static final int MAX_INSPECTED_MESSAGE = 4 * 1024 * 1024;
    /** Close code when an engine message could not be read for the handles it closes. */
    static final int UNREADABLE = 1011;

    private final Utf8Fragments text = new Utf8Fragments();
    private StringBuilder inspected = new StringBuilder();
    private TopLevelSkimmer skimmer;
    private boolean textMessage;

    UpstreamSide(Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        this.session = session;
        Tunnel tunnel = this.tunnel;
        if (tunnel != null) {
            tunnel.upstreamOpened(session);
            callback.succeeded();
        } else {
            // The tunnel ended (a handshake that timed out) before Qlik's side opened: nothing will use it.
            callback.succeeded();
            session.close(CloseCodes.GOING_AWAY, "tunnel ended", Callback.NOOP);
        }
    }

    /** The tunnel ended: forget it and what was gathered for it. */
    void letGo() {
        tunnel = null;
        inspected = new StringBuilder(0);
        skimmer = null;
    }

    /** Whether this side still reaches its tunnel. */
    boolean holdsTunnel() {
        return tunnel != null;
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        CoreSession upstream = session;
        Tunnel tunnel = this.tunnel;
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> {
                if (tunnel == null) {
                    // The tunnel is over; read on to Qlik's answer to the close.
                    callback.succeeded();
                    upstream.demand();
                } else {
                    relay(tunnel, frame, callback, upstream);
                }
            }
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

    private void relay(Tunnel tunnel, Frame frame, Callback callback, CoreSession upstream) {
        tunnel.events().frame(TunnelEvents.Direction.TO_VISITOR, frame.getPayloadLength());
        Session visitor = tunnel.visitor();
        VisitorSender sender = tunnel.sender();
        byte opCode = frame.getOpCode();
        if (opCode != OpCode.CONTINUATION) {
            textMessage = opCode == OpCode.TEXT;
        }
        ByteBuffer payload = frame.hasPayload() ? frame.getPayload() : ByteBuffer.allocate(0);
        MessageInspector inspector = tunnel.inspector();
        if (frame.isFin() && opCode != OpCode.CONTINUATION) {
            if (textMessage) {
                String whole = frame.getPayloadAsUTF8();
                if (inspector.inspects()) {
                    inspector.engineMessage(whole);
                }
                sender.text(whole, result -> sent(result, callback, upstream));
            } else {
                sender.binary(payload, result -> sent(result, callback, upstream));
            }
            return;
        }
        if (opCode != OpCode.CONTINUATION) {
            tunnel.engineFragmenting(true);
        }
        try {
            if (textMessage) {
                String part = text.decode(payload, frame.isFin());
                if (inspector.inspects()) {
                    gather(tunnel, inspector, part, frame.isFin());
                }
                sender.part(() -> visitor.getBasicRemote().sendText(part, frame.isFin()), tunnel.writeTimeout());
            } else {
                sender.part(() -> visitor.getBasicRemote().sendBinary(payload, frame.isFin()), tunnel.writeTimeout());
            }
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return;
        }
        if (frame.isFin()) {
            tunnel.engineFragmenting(false);
        }
        callback.succeeded();
        upstream.demand();
    }

    /**
     * Gathers a fragmented engine message for the inspector, up to {@link #MAX_INSPECTED_MESSAGE} characters; past that
     * the message is skimmed, and when even that fails the tunnel is closed, because the firewall would no longer know
     * which handles the engine closed.
     */
    private void gather(Tunnel tunnel, MessageInspector inspector, String part, boolean last) {
        if (skimmer == null && inspected.length() + part.length() <= MAX_INSPECTED_MESSAGE) {
            inspected.append(part);
        } else {
            if (skimmer == null) {
                skimmer = new TopLevelSkimmer();
                skimmer.read(inspected);
                inspected = new StringBuilder();
            }
            skimmer.read(part);
        }
        if (!last) {
            return;
        }
        if (skimmer == null) {
            String whole = inspected.toString();
            inspected = new StringBuilder();
            inspector.engineMessage(whole);
            return;
        }
        TopLevelSkimmer skimmed = skimmer;
        skimmer = null;
        if (skimmed.finish()) {
            inspector.engineMessageSkimmed(skimmed.id(), skimmed.closed());
        } else {
            tunnel.close(UNREADABLE, "an engine message the kit could not read");
        }
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
        if (cause instanceof org.eclipse.jetty.websocket.core.exception.WebSocketTimeoutException) {
            // The close that follows is the kit's own, for silence: not Qlik going away.
            idle = true;
        }
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        callback.succeeded();
        Tunnel tunnel = this.tunnel;
        if (tunnel == null) {
            return;
        }
        if (idle) {
            tunnel.upstreamIdle(status.getReason());
        } else {
            tunnel.upstreamClosed(status.getCode(), status.getReason());
        }
    }

    /** Whether this side was closed for the idle timeout. */
    private volatile boolean idle;
}
