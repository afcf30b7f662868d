package io.anonkit.engine;

/**
 * What the engine firewall knows of its tunnel from the handshake.
 *
 * @param app           the app id of the WebSocket URL, the only app the tunnel may open
 * @param sharedSession whether the tunnel holds the app's shared engine session (a URL without an {@code identity} of
 *                      the visitor's own), which one visitor must not change for everyone
 */
public record EngineTunnel(String app, boolean sharedSession) {}
