package io.anonkit.tunnel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;

/**
 * Everything needed to open the upstream side of a tunnel, decided by the gateway with one settings snapshot.
 *
 * @param target         the upstream URL, {@code ws:} or {@code wss:}, with the visitor's query byte for byte
 * @param headers        the handshake headers to send, already sanitised and with the one identity
 * @param subprotocols   the subprotocols the visitor offered, in order
 * @param client         the upstream HTTP client (its TLS settings and connect timeout apply)
 * @param handshakeTimeout time allowed for the upstream handshake
 * @param idleTimeout    time the tunnel may carry no frame
 * @param onSetCookie    receives each {@code Set-Cookie} value of the upstream's handshake response
 * @param onEnd          runs once when the tunnel ends, or when it could not be opened
 * @param inspector      reads the messages that cross, or {@link MessageInspector#NONE}
 * @param onRefused      receives Qlik's status when Qlik refuses the upgrade, and may answer with a request to try
 *                       instead, once (for example with a fresh CSRF token); empty to pass the refusal on
 */
public record TunnelRequest(
        URI target,
        HttpFields headers,
        List<String> subprotocols,
        HttpClient client,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Consumer<String> onSetCookie,
        Runnable onEnd,
        MessageInspector inspector,
        IntFunction<Optional<TunnelRequest>> onRefused) {}
