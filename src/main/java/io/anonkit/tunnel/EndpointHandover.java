package io.anonkit.tunnel;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Hands an endpoint object made for one connection to the container's {@code upgradeHttpToWebSocket} without leaving
 * anything per connection in the container. Containers keep the configurator of every upgrade they see: Jetty decorates
 * it with the web application's CDI and holds it in the decorator's map until it is destroyed, which the WebSocket
 * container never does. A configurator per upgrade that held the endpoint (and through it the tunnel, its buffers and
 * both sessions) therefore stayed reachable for the life of the application. Here every upgrade shares one stateless
 * configurator; the endpoint travels in the configuration's user properties, which the containers copy per connection
 * (Jakarta WebSocket 2.1), and a {@link Relay} made by that configurator takes it out when the connection opens.
 */
public final class EndpointHandover {
    /** The one configurator of every upgrade: it holds nothing. */
    static final ServerEndpointConfig.Configurator CONFIGURATOR = new Configurator();
    /** User property holding the endpoint to hand over. */
    private static final String ENDPOINT = EndpointHandover.class.getName() + ".endpoint";

    private EndpointHandover() {
    }

    /**
     * The configuration for one upgrade to {@code endpoint}, accepting {@code subprotocol} (empty for none) and any
     * {@code Origin} (Qlik checks it; the kit forwards it).
     */
    public static ServerEndpointConfig config(Endpoint endpoint, List<String> subprotocols) {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Relay.class, "/").subprotocols(subprotocols)
                .configurator(CONFIGURATOR).build();
        config.getUserProperties().put(ENDPOINT, endpoint);
        return config;
    }

    /** The endpoint each connection gets: it passes every event to the endpoint handed over for that connection. */
    public static final class Relay extends Endpoint {
        private Endpoint target;

        Relay() {
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            target = (Endpoint) config.getUserProperties().remove(ENDPOINT);
            if (target == null) {
                throw new IllegalStateException("no endpoint was handed over for this connection");
            }
            target.onOpen(session, config);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            Endpoint endpoint = target;
            target = null;
            if (endpoint != null) {
                endpoint.onClose(session, reason);
            }
        }

        @Override
        public void onError(Session session, Throwable failure) {
            if (target != null) {
                target.onError(session, failure);
            }
        }
    }

    private static final class Configurator extends ServerEndpointConfig.Configurator {
        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new Relay());
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
