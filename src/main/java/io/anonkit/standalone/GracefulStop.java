package io.anonkit.standalone;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/**
 * Stops the standalone server the way a load balancer needs it, when the JVM is told to end (SIGTERM, Ctrl-C):
 * <ol>
 *   <li>readiness turns 503 at once ({@code io.anonkit.health.HealthProbeServlet.STOPPING_ATTRIBUTE}) while the node goes on serving,
 *       for {@code ANONKIT_SHUTDOWN_DRAIN}, so that load balancers probing it take it out of rotation first;</li>
 *   <li>every engine tunnel closes with 4003, Qlik's "engine terminating", on which {@code @qlik/api} reopens its
 *       session at once, through the load balancer to another node (Jetty's own stop would close them with 1001, on
 *       which the client waits for the page to act);</li>
 *   <li>the server stops.</li>
 * </ol>
 * The Kubernetes manifest gives the drain with its {@code terminationGracePeriodSeconds} to spare.
 */
final class GracefulStop implements Runnable {
    /**
     * The kit's attribute that turns readiness 503: {@code HealthProbeServlet.STOPPING_ATTRIBUTE}, spelled out because
     * the launcher jar holds none of the WAR's classes (GracefulStopTest holds the two together).
     */
    static final String STOPPING_ATTRIBUTE = "io.anonkit.health.stopping";
    /** The kit's attribute that closes its tunnels: {@code WebSocketTunnels.SHUTDOWN_ATTRIBUTE}, spelled out likewise. */
    static final String CLOSE_TUNNELS_ATTRIBUTE = "io.anonkit.tunnel.closeAllForShutdown";

    private static final Logger LOG = System.getLogger(GracefulStop.class.getName());
    /** How long the tunnels' close frames get to leave before the server stops. */
    private static final Duration CLOSE_FRAMES = Duration.ofSeconds(1);

    private final Server server;
    private final ServletContextHandler kit;
    private final Duration drain;

    GracefulStop(Server server, ServletContextHandler kit, Duration drain) {
        this.server = server;
        this.kit = kit;
        this.drain = drain;
    }

    /** Runs the stop on the JVM's shutdown. */
    void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(this, "anonkit-graceful-stop"));
    }

    @Override
    public void run() {
        try {
            kit.getServletContext().setAttribute(STOPPING_ATTRIBUTE, Boolean.TRUE);
            if (!drain.isZero()) {
                LOG.log(
                        Level.INFO,
                        "stopping: unready, serving for " + drain.toMillis() + " ms more (ANONKIT_SHUTDOWN_DRAIN)");
                Thread.sleep(drain.toMillis());
            }
            if (kit.getServletContext().getAttribute(CLOSE_TUNNELS_ATTRIBUTE) instanceof IntSupplier close) {
                int closed = close.getAsInt();
                if (closed > 0) {
                    LOG.log(
                            Level.INFO,
                            "stopping: closed " + closed + " engine tunnel(s) with 4003 for their clients"
                                    + " to reopen elsewhere");
                    Thread.sleep(CLOSE_FRAMES.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping: " + e);
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping: the server did not stop cleanly: " + e);
        }
    }
}
