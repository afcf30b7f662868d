package io.anonkit.proxy;

import io.anonkit.engine.EngineFirewall;
import io.anonkit.engine.EngineTunnel;
import io.anonkit.http.QlikPaths;
import io.anonkit.session.PooledSession;
import io.anonkit.settings.AccessSettings;
import io.anonkit.settings.Settings;
import io.anonkit.tunnel.MessageInspector;
import io.anonkit.tunnel.TunnelListener;
import io.anonkit.tunnel.TunnelRequest;
import io.anonkit.tunnel.WebSocketUpgrades;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The upstream side of one engine WebSocket, and what it hears of Qlik: the handshake's request, with a pooled
 * session's cookie and that session's own {@code qlik-csrf-token} in place of the visitor's; Qlik's cookies back to the
 * session; a refusal of the token (Qlik ended the session, or restarted) forgets it and, the first time, tries once
 * more with the session's fresh cookie and token; the tunnel's slot given back at its end. Messages that cross are
 * judged by the engine firewall unless the profile is {@code open}.
 *
 * <p><b>Each pooled session's token.</b> Qlik ties the token to the proxy session that issued it, and the pool spreads
 * a visitor's requests over its sessions, so the token a visitor fetched may belong to another session than the one its
 * engine WebSocket goes through. The kit owns the sessions, so it owns their tokens: it keeps the token of every answer
 * through a session ({@link PooledSession#observeCsrfToken}), asks Qlik for one when it has none, and puts it in the
 * handshake's query.
 */
final class EngineHandshake implements TunnelListener {
    private final Gateway gateway;
    private final HttpServletRequest request;
    private final UpstreamExchange exchange;
    /** The token and cookie of the latest attempt; attempts follow each other, never overlap. */
    private volatile Optional<String> token = Optional.empty();

    private volatile Optional<String> sentCookie = Optional.empty();
    private volatile boolean retried;
    /** The tunnel's hold on its engine session under the budget, given back at its end. */
    private final Optional<io.anonkit.budget.EngineSessionLease> lease;

    private EngineHandshake(
            Gateway gateway,
            HttpServletRequest request,
            UpstreamExchange exchange,
            Optional<io.anonkit.budget.EngineSessionLease> lease) {
        this.gateway = gateway;
        this.request = request;
        this.exchange = exchange;
        this.lease = lease;
    }

    /**
     * The handshake of the engine WebSocket {@code request} asks for, through {@code exchange}, holding {@code lease} on
     * its engine session until the tunnel ends.
     */
    static EngineHandshake of(
            Gateway gateway,
            HttpServletRequest request,
            UpstreamExchange exchange,
            Optional<io.anonkit.budget.EngineSessionLease> lease) {
        return new EngineHandshake(gateway, request, exchange, lease);
    }

    /** The next attempt: the session's current cookie and token. */
    TunnelRequest attempt() {
        Settings settings = exchange.settings();
        URI target = exchange.webSocketTarget();
        // The tunnels' client has threads of its own: request threads waiting for upgrades cannot starve the fetch.
        token = exchange.session()
                .flatMap(s -> csrfToken(s, settings, request.getHeader("Host"), gateway.tunnelClient(settings)));
        if (token.isPresent()) {
            target = withToken(target, token.get());
        }
        HttpFields handshake = UpstreamHeaders.forHandshake(request, exchange);
        sentCookie = Optional.ofNullable(handshake.get(HttpHeader.COOKIE));
        return new TunnelRequest(
                target,
                handshake,
                WebSocketUpgrades.subprotocols(request),
                gateway.tunnelClient(settings),
                settings.connectTimeout().plus(settings.idleTimeout()),
                settings.webSocket().idleTimeout(),
                inspector());
    }

    @Override
    public void setCookie(TunnelRequest attempt, String value) {
        Optional<String> sent = sentCookie;
        exchange.session().ifPresent(s -> s.observe(value, sent));
    }

    @Override
    public Optional<TunnelRequest> refused(TunnelRequest attempt, int status) {
        Optional<String> refusedToken = token;
        if (refusedToken.isEmpty()) {
            return Optional.empty();
        }
        exchange.session().orElseThrow().forgetCsrfToken(refusedToken.get());
        if (retried || status != 403) {
            return Optional.empty();
        }
        retried = true;
        return Optional.of(attempt());
    }

    @Override
    public void ended() {
        lease.ifPresent(io.anonkit.budget.EngineSessionLease::release);
        gateway.limits().closeTunnel(exchange.client());
    }

    /** The engine firewall of a tunnel, or none in the open profile. */
    private MessageInspector inspector() {
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

    /**
     * The token of {@code session}, asked of Qlik ({@code GET /qps/csrftoken} with the session's cookie and identity)
     * when the kit has not seen one, once for all callers at the same moment; empty when Qlik hands out none (releases
     * before November 2024) or cannot be asked.
     */
    static Optional<String> csrfToken(PooledSession session, Settings settings, String clientHost, HttpClient client) {
        Optional<String> known = session.csrfToken();
        if (known.isPresent() || session.cookie().isEmpty()) {
            return known;
        }
        long wait = settings.connectTimeout().plus(settings.idleTimeout()).toMillis();
        CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<String>> fetch = session.csrfFetch(mine);
        if (fetch == mine) {
            try {
                mine.complete(askCsrfToken(session, settings, clientHost, client, wait));
            } finally {
                mine.complete(Optional.empty());
                session.csrfFetchDone(mine);
            }
        }
        try {
            return fetch.get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> askCsrfToken(
            PooledSession session, Settings settings, String clientHost, HttpClient client, long wait) {
        Optional<String> sent = session.cookie();
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        try {
            ContentResponse answer = client.newRequest(settings.upstream().orElseThrow() + QlikPaths.CSRF_TOKEN)
                    .headers(headers -> UpstreamHeaders.forKitRequest(
                                    settings, clientHost, session.identity(), List.of(sent.get()))
                            .forEach(headers::put))
                    .timeout(wait, TimeUnit.MILLISECONDS)
                    .send();
            answer.getHeaders()
                    .getValuesList(HttpHeader.SET_COOKIE)
                    .forEach(setCookie -> session.observe(setCookie, sent));
            if (answer.getStatus() == 200) {
                session.observeCsrfToken(answer.getHeaders().get(QlikPaths.CSRF_TOKEN_NAME));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Without a token the visitor's own goes through; Qlik decides.
        }
        return session.csrfToken();
    }

    /** {@code target} with its {@code qlik-csrf-token} parameters replaced by one carrying {@code token}. */
    static URI withToken(URI target, String token) {
        StringJoiner query = new StringJoiner("&");
        String raw = target.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&", -1)) {
                String name = pair.split("=", 2)[0];
                if (!name.equalsIgnoreCase(QlikPaths.CSRF_TOKEN_NAME) && !pair.isEmpty()) {
                    query.add(pair);
                }
            }
        }
        query.add(QlikPaths.CSRF_TOKEN_NAME + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        String text = target.toString();
        int mark = text.indexOf('?');
        return URI.create((mark < 0 ? text : text.substring(0, mark)) + "?" + query);
    }
}
