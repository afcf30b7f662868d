package io.anonkit.settings;

import java.time.Duration;
import java.util.Optional;

/**
 * How WebSocket tunnels to the upstream behave.
 *
 * @param origin      the {@code Origin} sent on the upstream handshake, or empty to forward the visitor's
 * @param idleTimeout time a tunnel may carry no frame before both sides are closed
 */
public record WebSocketSettings(Optional<String> origin, Duration idleTimeout) {}
