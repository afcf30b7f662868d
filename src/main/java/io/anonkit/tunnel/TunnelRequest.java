package io.anonkit.tunnel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;

/**
 * One try at opening the upstream side of a tunnel, decided by the gateway with one settings snapshot; what happens
 * around it (Qlik's cookies, a refusal, the tunnel's end) goes to its {@link TunnelListener}.
 *
 * @param target the upstream URL, {@code ws:} or {@code wss:}, with the visitor's query byte for byte
 * @param headers the handshake headers to send, already sanitised and with the one identity
 * @param subprotocols the subprotocols the visitor offered, in order
 * @param client the upstream HTTP client (its TLS settings and connect timeout apply)
 * @param handshakeTimeout time allowed for the upstream handshake
 * @param idleTimeout time the tunnel may carry no frame
 * @param inspector reads the messages that cross, or {@link MessageInspector#NONE}
 */
public record TunnelRequest(
        URI target,
        HttpFields headers,
        List<String> subprotocols,
        HttpClient client,
        Duration handshakeTimeout,
        Duration idleTimeout,
        MessageInspector inspector) {}
