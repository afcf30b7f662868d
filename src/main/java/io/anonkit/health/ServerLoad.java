package io.anonkit.health;

import io.anonkit.client.ClientLimits;
import io.anonkit.settings.Settings;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Method;

/**
 * Whether this node is near its own limits, the one kind of trouble that taking it out of rotation fixes: engine
 * tunnels at {@value #FULL_PERCENT}% of {@code ANONKIT_MAX_TUNNELS} or more, or a server thread pool that says it is low
 * on threads (Jetty's, where the container publishes it as {@code org.eclipse.jetty.server.Executor}).
 */
final class ServerLoad {
    /** The share of the tunnel limit from which a node asks for no more visitors. */
    static final int FULL_PERCENT = 95;

    private ServerLoad() {}

    /** Whether the open tunnels leave room: under {@value #FULL_PERCENT}% of the limit. */
    static boolean tunnelsLeaveRoom(ServletContext context, Settings settings) {
        long open = ClientLimits.of(context).openTunnels();
        return open * 100 < (long) settings.clients().maxTunnels() * FULL_PERCENT;
    }

    /** Whether the server's thread pool has threads to spare; true where the container does not say. */
    static boolean threadsLeaveRoom(ServletContext context) {
        Object executor = context.getAttribute("org.eclipse.jetty.server.Executor");
        if (executor == null) {
            return true;
        }
        try {
            Method low = executor.getClass().getMethod("isLowOnThreads");
            return !Boolean.TRUE.equals(low.invoke(executor));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
