package io.anonkit.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * However a tunnel ends, its connection to Qlik lets go of it at once: Jetty may keep that connection until a write
 * timeout it scheduled fires (seen in a heap dump of a loaded WildFly: a connection left half closed, held by its
 * write-timeout task), and nothing it keeps may reach the tunnel, its visitor or its buffers.
 */
class TunnelEndTest {
    private final AtomicInteger ends = new AtomicInteger();

    private Tunnel tunnel() {
        return new Tunnel(
                Duration.ofHours(1),
                ends::incrementAndGet,
                MessageInspector.NONE,
                new TunnelEvents() {},
                ContainerDecorations.none());
    }

    private void assertLetGoAfter(Consumer<Tunnel> end) {
        Tunnel tunnel = tunnel();
        assertTrue(tunnel.upstreamSide().holdsTunnel(), "held while the tunnel runs");
        end.accept(tunnel);
        assertFalse(tunnel.upstreamSide().holdsTunnel(), "let go once the tunnel ended");
        assertEquals(1, ends.getAndSet(0), "the end hook ran once");
    }

    @Test
    void theVisitorClosing() {
        assertLetGoAfter(tunnel -> tunnel.visitorClosed(1000, "done"));
    }

    @Test
    void qlikClosing() {
        assertLetGoAfter(tunnel -> tunnel.upstreamClosed(1000, "done"));
    }

    @Test
    void theKitClosing() {
        assertLetGoAfter(tunnel -> tunnel.close(1008, "refused"));
    }

    @Test
    void aFailure() {
        assertLetGoAfter(tunnel -> tunnel.fail(new java.io.IOException("reset")));
    }

    @Test
    void neverOpening() {
        assertLetGoAfter(Tunnel::ended);
    }

    @Test
    void oneFrameMayTakeTheIdleTimeoutToWriteButNeverMoreThanTheCap() {
        assertEquals(Duration.ofSeconds(2), Tunnel.writeTimeout(Duration.ofSeconds(2)));
        assertEquals(Tunnel.MAX_WRITE_TIMEOUT, Tunnel.writeTimeout(Duration.ofHours(1)));
    }
}
