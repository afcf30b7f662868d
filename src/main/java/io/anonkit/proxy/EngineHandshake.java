package io.anonkit.proxy;

import io.anonkit.engine.EngineFirewall;
import io.anonkit.engine.EngineTunnel;
import io.anonkit.session.PooledSession;
import io.anonkit.settings.AccessSettings;
import io.anonkit.settings.Settings;
import io.anonkit.tunnel.MessageInspector;
import io.anonkit.tunnel.TunnelRequest;
import io.anonkit.tunnel.WebSocketUpgrades;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The upstream side of an engine WebSocket: with a pooled session, its cookie and its own CSRF token in place of the
 * visitor's ({@link SessionCsrfTokens}); when Qlik refuses a session's token (it ended the session, or restarted), the
 * token is forgotten and, on the first refusal, the handshake is tried once more with the session's fresh cookie and
 * token. Messages that cross are judged by the engine firewall unless the profile is {@code open}.
 */
final class EngineHandshake {
    private final Gateway gateway;

    EngineHandshake(Gateway gateway) {
        this.gateway = gateway;
    }

    /** What the tunnel of {@code request} opens upstream. */
    TunnelRequest of(HttpServletRequest request, UpstreamExchange exchange) {
        return of(request, exchange, true);
    }

    private TunnelRequest of(HttpServletRequest request, UpstreamExchange exchange, boolean mayRetry) {
        Settings settings = exchange.settings();
        Optional<PooledSession> session = exchange.session();
        URI target = exchange.webSocketTarget();
        // The tunnels' client has threads of its own: request threads waiting for upgrades cannot starve the fetch.
        Optional<String> token = session.flatMap(
                s -> SessionCsrfTokens.of(s, settings, request.getHeader("Host"), gateway.tunnelClient(settings)));
        if (token.isPresent()) {
            target = SessionCsrfTokens.withToken(target, token.get());
        }
        HttpFields handshake = UpstreamHeaders.forHandshake(request, exchange);
        Optional<String> sentCookie = Optional.ofNullable(handshake.get(HttpHeader.COOKIE));
        return new TunnelRequest(
                target,
                handshake,
                WebSocketUpgrades.subprotocols(request),
                gateway.tunnelClient(settings),
                settings.connectTimeout().plus(settings.idleTimeout()),
                settings.webSocket().idleTimeout(),
                setCookie -> session.ifPresent(s -> s.observe(setCookie, sentCookie)),
                () -> gateway.limits().closeTunnel(exchange.client()),
                inspector(exchange),
                status -> {
                    if (token.isEmpty()) {
                        return Optional.empty();
                    }
                    session.orElseThrow().forgetCsrfToken(token.get());
                    return mayRetry && status == 403 ? Optional.of(of(request, exchange, false)) : Optional.empty();
                });
    }

    /** The engine firewall of a tunnel, or none in the open profile. */
    private MessageInspector inspector(UpstreamExchange exchange) {
        Settings settings = exchange.settings();
        if (settings.access().profile() == AccessSettings.Profile.OPEN) {
            return MessageInspector.NONE;
        }
        return new EngineFirewall(
                settings,
                new EngineTunnel(exchange.app().orElse(""), exchange.sharedEngineSession()),
                exchange.client(),
                gateway.monitor(),
                Clock.systemUTC());
    }
}
