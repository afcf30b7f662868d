package io.anonkit.proxy;

import io.anonkit.http.QlikPaths;
import io.anonkit.session.PooledSession;
import io.anonkit.session.SessionCookies;
import io.anonkit.session.SessionEvents;
import io.anonkit.session.SessionOpener;
import io.anonkit.session.SessionOpeningException;
import io.anonkit.settings.Settings;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Opens a pooled Qlik proxy session with {@code GET <upstream>/qps/user}, which every virtual proxy answers and which
 * sets the session cookie, carrying the pooled session's identity and the visitor's Host.
 */
final class QpsSessionOpener implements SessionOpener {
    private static final System.Logger LOG = System.getLogger(QpsSessionOpener.class.getName());
    private static final String PATH = QlikPaths.QPS_USER;

    private final Supplier<Settings> settings;
    private final Function<Settings, HttpClient> clients;
    private final SessionEvents events;

    QpsSessionOpener(Supplier<Settings> settings, Function<Settings, HttpClient> clients, SessionEvents events) {
        this.settings = settings;
        this.clients = clients;
        this.events = events;
    }

    @Override
    public CompletableFuture<Optional<String>> open(PooledSession session, String host) {
        Settings current = settings.get();
        CompletableFuture<Optional<String>> opened = new CompletableFuture<>();
        clients.apply(current)
                .newRequest(current.upstream().orElseThrow() + PATH)
                .idleTimeout(current.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> UpstreamHeaders.forKitRequest(current, host, session.identity())
                        .forEach(headers::put))
                .send(new BufferingResponseListener(16 * 1024) {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        if (result.isFailed()) {
                            events.openingFailed();
                            opened.completeExceptionally(result.getFailure());
                            return;
                        }
                        int status = result.getResponse().getStatus();
                        Optional<String> cookie =
                                result.getResponse().getHeaders().getValuesList(HttpHeader.SET_COOKIE).stream()
                                        .map(SessionCookies::qlikSessionPair)
                                        .flatMap(Optional::stream)
                                        .findFirst();
                        if (status / 100 != 2) {
                            events.openingFailed();
                            opened.completeExceptionally(new SessionOpeningException("the Qlik virtual proxy answered "
                                    + status + " to GET " + PATH + " with the pooled identity"));
                        } else {
                            if (cookie.isPresent()) {
                                events.opened();
                            }
                            opened.complete(cookie);
                        }
                    }
                });
        return opened;
    }

    /** Logs the session of {@code cookie} out with {@code DELETE <upstream>/qps/user}, Qlik's personal logout. */
    @Override
    public CompletableFuture<Void> close(PooledSession session, String cookie) {
        Settings current = settings.get();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        clients.apply(current)
                .newRequest(current.upstream().orElseThrow() + PATH)
                .method(HttpMethod.DELETE)
                .idleTimeout(current.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> UpstreamHeaders.forKitRequest(
                                current,
                                current.upstream().orElseThrow().getAuthority(),
                                session.identity(),
                                java.util.List.of(cookie))
                        .forEach(headers::put))
                .send(result -> {
                    if (!result.isFailed()) {
                        events.loggedOut();
                    } else {
                        LOG.log(
                                System.Logger.Level.DEBUG,
                                "could not log out a session the pool does not need: " + result.getFailure());
                    }
                    closed.complete(null);
                });
        return closed;
    }
}
