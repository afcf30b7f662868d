/**
 * WebSocket tunnels from visitors to the Qlik engine: a Jakarta WebSocket endpoint on the visitor's side, paired with
 * a Jetty WebSocket client on the upstream side, relaying frames with backpressure and matching close codes.
 */
package io.anonkit.tunnel;
