package io.anonkit.tunnel;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything the kit sends to one visitor, one message at a time, in the order asked. The Jakarta WebSocket API allows
 * one send in progress per session, and containers differ in how they take a second: Tomcat refuses it
 * ({@code IllegalStateException}) while the first is still completing, even after its bytes reached the visitor. The
 * tunnel sends from two places (Qlik's relayed messages, and the firewall's own answers to refused requests), so every
 * send goes through here and starts only when the one before it has completed.
 */
final class VisitorSender {
    private final Session session;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private boolean busy;

    VisitorSender(Session session) {
        this.session = session;
    }

    /** Sends {@code text} as one message once the sends before it completed; {@code done} hears how it went. */
    void text(String text, SendHandler done) {
        submit(() -> {
            try {
                session.getAsyncRemote().sendText(text, result -> finish(done, result));
            } catch (RuntimeException e) {
                finish(done, new SendResult(e));
            }
        });
    }

    /** Sends {@code data} as one binary message once the sends before it completed. */
    void binary(ByteBuffer data, SendHandler done) {
        submit(() -> {
            try {
                session.getAsyncRemote().sendBinary(data, result -> finish(done, result));
            } catch (RuntimeException e) {
                finish(done, new SendResult(e));
            }
        });
    }

    /** A blocking send of a message's part, which the Jakarta API offers only as blocking. */
    interface PartSend {
        void send() throws IOException;
    }

    /**
     * Runs {@code part}, a blocking send of a fragment, once the sends before it completed, waiting at most
     * {@code wait} for its turn; no other send starts until it returns.
     */
    void part(PartSend part, Duration wait) throws IOException {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        // A turn that comes after its caller gave up is passed on at once.
        submit(() -> {
            if (!turn.complete(null)) {
                release();
            }
        });
        try {
            turn.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (turn.completeExceptionally(e)) {
                throw new IOException("no turn to send within " + wait.toMillis() + " ms", e);
            }
            // The turn came just now: it is this caller's.
        }
        try {
            part.send();
        } finally {
            release();
        }
    }

    private void submit(Runnable send) {
        synchronized (waiting) {
            if (busy) {
                waiting.add(send);
                return;
            }
            busy = true;
        }
        send.run();
    }

    private void finish(SendHandler done, SendResult result) {
        try {
            if (done != null) {
                done.onResult(result);
            }
        } finally {
            release();
        }
    }

    /** The send in progress completed: start the next one waiting, if any. */
    private void release() {
        Runnable next;
        synchronized (waiting) {
            next = waiting.poll();
            if (next == null) {
                busy = false;
                return;
            }
        }
        next.run();
    }
}
