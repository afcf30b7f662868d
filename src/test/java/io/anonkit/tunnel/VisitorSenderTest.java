package io.anonkit.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sends to a visitor never overlap, whatever asks for them, against a container that refuses a second send while the
 * first is completing, as Tomcat does.
 */
class VisitorSenderTest {
    /** A session whose asynchronous remote takes one message at a time and completes it when the test says so. */
    private static final class StrictContainer {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Throwable> refused = new CopyOnWriteArrayList<>();
        final ArrayDeque<SendHandler> inFlight = new ArrayDeque<>();

        Session session() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            synchronized (this) {
                                if (!inFlight.isEmpty()) {
                                    IllegalStateException busy = new IllegalStateException("TEXT_FULL_WRITING");
                                    refused.add(busy);
                                    throw busy;
                                }
                                sent.add((String) args[0]);
                                inFlight.add((SendHandler) args[1]);
                            }
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            return (Session) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getAsyncRemote")) {
                            return remote;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        /** The send in flight completes. */
        void complete() {
            SendHandler done;
            synchronized (this) {
                done = inFlight.poll();
            }
            done.onResult(new SendResult());
        }

        synchronized boolean sending() {
            return !inFlight.isEmpty();
        }
    }

    @Test
    void aSecondMessageWaitsForTheFirstToCompleteAndAllArriveInOrder() {
        StrictContainer container = new StrictContainer();
        VisitorSender sender = new VisitorSender(container.session());
        List<String> heard = new CopyOnWriteArrayList<>();
        sender.text("relayed", result -> heard.add("relayed " + result.isOK()));
        sender.text("answer", null);
        sender.text("another", result -> heard.add("another " + result.isOK()));
        assertEquals(List.of("relayed"), container.sent, "the others wait");
        container.complete();
        container.complete();
        container.complete();
        assertEquals(List.of("relayed", "answer", "another"), container.sent);
        assertEquals(List.of("relayed true", "another true"), heard);
        assertTrue(container.refused.isEmpty(), "the container never saw two sends at once: " + container.refused);
    }

    @Test
    void aBlockingPartWaitsForItsTurnAndHoldsTheSenderUntilItReturns() throws Exception {
        StrictContainer container = new StrictContainer();
        VisitorSender sender = new VisitorSender(container.session());
        sender.text("before", null);
        CompletableFuture<Void> part = CompletableFuture.runAsync(() -> {
            try {
                sender.part(() -> container.sent.add("part"), Duration.ofSeconds(10));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertEquals(List.of("before"), container.sent, "the part waits for the send in flight");
        container.complete();
        part.get(10, TimeUnit.SECONDS);
        sender.text("after", null);
        assertEquals(List.of("before", "part", "after"), container.sent);
        assertTrue(container.sending());
        container.complete();
        assertTrue(container.refused.isEmpty());
    }

    @Test
    void aPartThatGetsNoTurnFailsAndTheSenderGoesOn() throws Exception {
        StrictContainer container = new StrictContainer();
        VisitorSender sender = new VisitorSender(container.session());
        sender.text("slow", null);
        assertThrows(IOException.class, () -> sender.part(() -> container.sent.add("part"), Duration.ofMillis(100)));
        container.complete();
        sender.text("next", null);
        assertEquals(List.of("slow", "next"), container.sent, "the abandoned part never ran, the next send did");
        container.complete();
        assertTrue(container.refused.isEmpty());
    }
}
