package io.anonkit.tunnel;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Upgrades a visitor's request to a WebSocket served by an endpoint object made for that one connection, through the
 * container's standard {@link ServerContainer#upgradeHttpToWebSocket}, and leaves nothing of it in the container once
 * it is over. The configuration's configurator is the only standard way to hand the object over (Undertow drops user
 * properties; Tomcat asks for the endpoint only later, on another thread), so each upgrade gets a configurator of its
 * own, which lets go of the endpoint the moment it hands it out. Containers may keep configurators (Jetty's CDI
 * integration decorates them and never destroys them): {@link ContainerDecorations} ends that decoration once the upgrade
 * returned, and the endpoint ends its own when its connection closes. Tyrus (Payara, GlassFish) upgrades only to
 * endpoints registered beforehand: {@link TyrusHandover}.
 */
public final class EndpointHandover {
    private EndpointHandover() {}

    /**
     * Upgrades {@code request} to a WebSocket served by {@code endpoint}, accepting {@code subprotocols} (at most the one
     * the upstream chose) and any {@code Origin} (Qlik checks it; the kit forwards it).
     */
    public static void upgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            ServerContainer container,
            Endpoint endpoint,
            List<String> subprotocols,
            ContainerDecorations decorations)
            throws IOException, DeploymentException {
        if (TyrusHandover.applies(container)) {
            TyrusHandover.upgrade(request, response, container, endpoint, subprotocols);
            return;
        }
        Configurator configurator = new Configurator(endpoint);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpoint.getClass(), "/")
                .subprotocols(subprotocols)
                .configurator(configurator)
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Collections.emptyMap());
        } finally {
            decorations.destroy(configurator);
        }
    }

    /** One upgrade's configurator: it hands its endpoint out once and keeps no reference to it. */
    private static final class Configurator extends ServerEndpointConfig.Configurator {
        private final AtomicReference<Endpoint> endpoint;

        Configurator(Endpoint endpoint) {
            this.endpoint = new AtomicReference<>(endpoint);
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            Endpoint handed = endpoint.getAndSet(null);
            if (handed == null) {
                throw new InstantiationException("the endpoint of this connection was handed out already");
            }
            return endpointClass.cast(handed);
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true;
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            // The kit offers exactly what the upstream chose, which the visitor had offered.
            return supported.isEmpty() ? "" : supported.get(0);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            // Nothing of the upstream's response headers goes to the visitor: cookies stay in the kit.
        }
    }
}
