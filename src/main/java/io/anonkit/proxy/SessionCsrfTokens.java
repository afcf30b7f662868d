package io.anonkit.proxy;

import io.anonkit.http.QlikPaths;
import io.anonkit.session.PooledSession;
import io.anonkit.settings.Settings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The {@code qlik-csrf-token} of each pooled session. Qlik ties the token to the proxy session that issued it, and the
 * pool spreads a visitor's requests over its sessions, so the token a visitor fetched may belong to another session
 * than the one its engine WebSocket goes through. The kit owns the sessions, so it owns their tokens: it keeps the token
 * of every answer through a session ({@link PooledSession#observeCsrfToken}), asks Qlik for one when it has none, and
 * puts the session's token in the engine WebSocket's query in place of whatever the visitor sent.
 */
final class SessionCsrfTokens {
    private SessionCsrfTokens() {}

    /**
     * The token of {@code session}, asked of Qlik ({@code GET /qps/csrftoken} with the session's cookie and identity)
     * when the kit has not seen one, once for all callers at the same moment; empty when Qlik hands out none (releases
     * before November 2024) or cannot be asked.
     */
    static Optional<String> of(PooledSession session, Settings settings, String clientHost, HttpClient client) {
        Optional<String> known = session.csrfToken();
        if (known.isPresent() || session.cookie().isEmpty()) {
            return known;
        }
        long wait = settings.connectTimeout().plus(settings.idleTimeout()).toMillis();
        CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<String>> fetch = session.csrfFetch(mine);
        if (fetch == mine) {
            try {
                mine.complete(ask(session, settings, clientHost, client, wait));
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

    private static Optional<String> ask(
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
