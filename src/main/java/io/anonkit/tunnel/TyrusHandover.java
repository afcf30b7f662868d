package io.anonkit.tunnel;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handover of a visitor's endpoint in containers whose WebSocket implementation is Eclipse Tyrus (Payara,
 * GlassFish). Tyrus's {@link ServerContainer#upgradeHttpToWebSocket} ignores the configuration it is given and upgrades
 * only to an endpoint registered at the configuration's path; so the kit registers, once per container, one endpoint
 * at {@value #PATH}, whose instance takes the visitor's endpoint from a short-lived table by the path parameter of
 * the upgrade and hands every event on to it.
 *
 * <p>A request from outside to that path finds no entry (each key is 128 random bits, used once, and kept only until
 * its connection opens, {@link #PENDING_AT_MOST} at most) and is closed with 1008, as is any upgrade there that is
 * not the kit's own: the subprotocol the upstream chose is handed to the shared configurator through the thread of the
 * upgrade, within which Tyrus negotiates.
 */
final class TyrusHandover {
    /** Where the handover endpoint is registered, under the kit's context path. */
    static final String PATH = "/.anonkit-handover/{key}";
    /** How long an endpoint waits in the table for its connection to open. */
    static final long PENDING_AT_MOST = 60_000;
    /**
     * The container's default idle timeout the kit sets when Tyrus has none. Tyrus schedules a session's idle check
     * when the session is made, with the default as its delay: with 0 (none) the check runs at once, and when the
     * tunnel has set its own timeout by then, it closes the new session as idle (about one tunnel in a few hundred,
     * measured). Each tunnel sets its own timeout on open, so this default only moves that first check out of the way.
     */
    static final long DEFAULT_IDLE_MILLIS = java.time.Duration.ofHours(24).toMillis();

    private static final String TYRUS_CONTAINER = "org.glassfish.tyrus.server.TyrusServerContainer";
    private static final Map<String, Pending> PENDING = new ConcurrentHashMap<>();
    private static final Set<ServerContainer> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());
    private static final SecureRandom KEYS = new SecureRandom();
    /** The subprotocols of the upgrade under way on this thread: Tyrus negotiates within the upgrade call. */
    private static final ThreadLocal<List<String>> SUBPROTOCOLS = new ThreadLocal<>();

    private TyrusHandover() {}

    /** Whether {@code container} is Tyrus's. */
    static boolean applies(ServerContainer container) {
        return tyrusClass(container) != null;
    }

    /** Upgrades {@code request} to a WebSocket served by {@code endpoint} in Tyrus's {@code container}. */
    static void upgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            ServerContainer container,
            Endpoint endpoint,
            List<String> subprotocols)
            throws IOException, DeploymentException {
        register(container);
        long now = System.currentTimeMillis();
        PENDING.values().removeIf(pending -> now - pending.since() > PENDING_AT_MOST);
        byte[] random = new byte[16];
        KEYS.nextBytes(random);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        PENDING.put(key, new Pending(endpoint, now));
        SUBPROTOCOLS.set(subprotocols);
        try {
            container.upgradeHttpToWebSocket(request, response, configuration(), Map.of("key", key));
        } catch (IOException | DeploymentException | RuntimeException e) {
            PENDING.remove(key);
            throw e;
        } finally {
            SUBPROTOCOLS.remove();
        }
    }

    private static void register(ServerContainer container) throws DeploymentException {
        synchronized (REGISTERED) {
            if (REGISTERED.contains(container)) {
                return;
            }
            try {
                Method register = tyrusClass(container).getMethod("register", ServerEndpointConfig.class);
                register.invoke(container, configuration());
                if (container.getDefaultMaxSessionIdleTimeout() < 1) {
                    container.setDefaultMaxSessionIdleTimeout(DEFAULT_IDLE_MILLIS);
                }
            } catch (InvocationTargetException e) {
                throw new DeploymentException("Tyrus refused the kit's handover endpoint: " + e.getCause(), e);
            } catch (ReflectiveOperationException e) {
                throw new DeploymentException("cannot register the kit's handover endpoint with Tyrus: " + e, e);
            }
            REGISTERED.add(container);
        }
    }

    private static ServerEndpointConfig configuration() {
        return ServerEndpointConfig.Builder.create(Handover.class, PATH)
                .configurator(new Configurator())
                .build();
    }

    private static Class<?> tyrusClass(ServerContainer container) {
        for (Class<?> type = container.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(TYRUS_CONTAINER)) {
                return type;
            }
        }
        return null;
    }

    /** An endpoint waiting for its connection, and since when. */
    private record Pending(Endpoint endpoint, long since) {}

    /** Makes a {@link Handover} per connection and accepts any Origin (Qlik checks it; the kit forwards it). */
    private static final class Configurator extends ServerEndpointConfig.Configurator {
        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new Handover());
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true;
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            // The kit offers exactly what the upstream chose, which the visitor had offered.
            List<String> offered = SUBPROTOCOLS.get();
            return offered == null || offered.isEmpty() ? "" : offered.get(0);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            // Nothing of the upstream's response headers goes to the visitor: cookies stay in the kit.
        }
    }

    /** The registered endpoint: takes its connection's visitor endpoint from the table and hands every event on. */
    public static final class Handover extends Endpoint {
        private Endpoint visitor;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            Pending pending =
                    PENDING.remove(String.valueOf(session.getPathParameters().get("key")));
            if (pending == null) {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "no such tunnel"));
                } catch (IOException e) {
                    // The connection is gone already.
                }
                return;
            }
            visitor = pending.endpoint();
            visitor.onOpen(session, config);
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            if (visitor != null) {
                visitor.onClose(session, closeReason);
            }
        }

        @Override
        public void onError(Session session, Throwable failure) {
            if (visitor != null) {
                visitor.onError(session, failure);
            }
        }
    }
}
