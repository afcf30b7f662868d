package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.health.HealthProbeServlet;
import io.anonkit.tunnel.WebSocketTunnels;
import org.junit.jupiter.api.Test;

/** The launcher names the kit's attributes in its own words (it holds none of the WAR's classes): the same names. */
class GracefulStopTest {
    @Test
    void theLauncherSetsTheAttributesTheKitReads() {
        assertEquals(HealthProbeServlet.STOPPING_ATTRIBUTE, GracefulStop.STOPPING_ATTRIBUTE);
        assertEquals(WebSocketTunnels.SHUTDOWN_ATTRIBUTE, GracefulStop.CLOSE_TUNNELS_ATTRIBUTE);
    }
}
