package io.anonkit.proxy;

import io.anonkit.client.ClientLimits;
import io.anonkit.database.ClusterNodes;
import io.anonkit.database.DatabaseConnections;
import io.anonkit.database.DatabaseNotifications;
import io.anonkit.home.HomeFolder;
import io.anonkit.http.AccessMonitor;
import io.anonkit.metrics.KitMetrics;
import io.anonkit.session.IdentityTokens;
import io.anonkit.session.PooledSessionsFile;
import io.anonkit.session.SessionPools;
import io.anonkit.session.SessionRecords;
import io.anonkit.session.jdbc.SharedSessionTable;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDerived;
import io.anonkit.settings.SettingsStore;
import io.anonkit.tunnel.WebSocketTunnels;
import jakarta.servlet.ServletContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The parts of the gateway of one web application, wired once when the proxy servlet starts and closed when it stops:
 * the upstream clients for each settings snapshot, the pooled Qlik sessions and where they are recorded, the per-client
 * limits, the access monitor, the metrics, the exchanges that admit requests and the WebSocket tunnels.
 */
final class Gateway implements AutoCloseable {
    /** Time a replaced client keeps serving the exchanges it started, beyond the timeout that bounds them. */
    private static final Duration REPLACED_CLIENT_GRACE = Duration.ofSeconds(5);

    private final SettingsStore store;
    private final SettingsDerived<UpstreamConnector.Key, HttpClient> clients;
    private final SettingsDerived<UpstreamConnector.Key, HttpClient> tunnelClients;
    private final ClientLimits limits;
    private final AccessMonitor monitor;
    private final KitMetrics metrics;
    private final io.anonkit.budget.EngineSessionBudget engineSessionBudget;
    private final EngineSessionGate engineSessions;
    private final SharedSessionTable sharedSessions;
    private final ClusterNodes clusterNodes;
    private static final java.util.concurrent.atomic.AtomicInteger GATEWAYS =
            new java.util.concurrent.atomic.AtomicInteger();
    private final UpstreamExchanges exchanges;
    private final WebSocketTunnels tunnels;
    private final CachedAssets assets;

    /**
     * @param onContinue what to run when Qlik answers 100 Continue to a proxied request (the servlet's own)
     */
    Gateway(ServletContext context, Function<Request, Runnable> onContinue) {
        store = SettingsStore.of(context);
        Executor serverExecutor =
                context.getAttribute("org.eclipse.jetty.server.Executor") instanceof Executor e ? e : null;
        clients = new SettingsDerived<>(
                UpstreamConnector.Key::of,
                settings -> UpstreamClientFactory.proxyClient(settings, serverExecutor, onContinue),
                (replaced, next) -> stopLater(replaced, next.idleTimeout()));
        // After a change of trust store or connect timeout, older tunnels keep their client for one WebSocket idle
        // timeout.
        tunnelClients = new SettingsDerived<>(
                UpstreamConnector.Key::of,
                UpstreamClientFactory::tunnelClient,
                (replaced, next) -> stopLater(replaced, next.webSocket().idleTimeout()));
        limits = ClientLimits.of(context);
        monitor = AccessMonitor.of(context);
        metrics = KitMetrics.of(context);
        // Sessions open on the tunnel client, with threads of its own: servlet threads wait for them, and must not be
        // the only threads that could complete the opening.
        QpsSessionOpener opener = new QpsSessionOpener(store::current, tunnelClients::get, metrics);
        DatabaseConnections.Named database =
                context.getAttribute(DatabaseConnections.ATTRIBUTE) instanceof DatabaseConnections.Named named
                        ? named
                        : null;
        // A node is a gateway: the process's pid@host, and which gateway of the process (a server may deploy two).
        String node = ManagementFactory.getRuntimeMXBean().getName() + "#" + GATEWAYS.incrementAndGet();
        clusterNodes = database != null ? new ClusterNodes(database.source(), database.description(), node) : null;
        if (clusterNodes != null) {
            metrics.clusterNodesOf(() -> clusterNodes.members().size());
        }
        sharedSessions = database != null
                ? new SharedSessionTable(database.source(), database.description(), opener, clusterNodes, metrics)
                : null;
        if (sharedSessions != null) {
            DatabaseNotifications listener = sharedSessions.notifications();
            context.setAttribute(
                    DatabaseNotifications.LISTENING_ATTRIBUTE_PREFIX + listener.channel(),
                    (java.util.function.BooleanSupplier) listener::listening);
        }
        SessionPools pools = new SessionPools(opener, records(context), metrics);
        metrics.sessionsOf(pools::current);
        exchanges = new UpstreamExchanges(pools, limits, monitor, IdentityTokens.of(context), metrics);
        tunnels = new WebSocketTunnels(metrics.tunnels());
        context.setAttribute(
                WebSocketTunnels.SHUTDOWN_ATTRIBUTE, (java.util.function.IntSupplier) tunnels::closeAllForShutdown);
        engineSessionBudget = database != null
                ? new io.anonkit.budget.SharedEngineSessions(
                        database.source(), database.description(), node, java.time.Clock.systemUTC())
                : new io.anonkit.budget.LocalEngineSessions(java.time.Clock.systemUTC());
        engineSessions = new EngineSessionGate(engineSessionBudget);
        metrics.engineSessionsOf(() -> engineSessions.figures(store.current()));
        context.setAttribute(io.anonkit.budget.EngineSessionBudget.SPENT_ATTRIBUTE, (java.util.function.BooleanSupplier)
                () -> engineSessions.spent(store.current()));
        assets = new CachedAssets(this, java.time.Clock.systemUTC());
        metrics.cacheOf(() -> assets.figures(store.current()));
        context.setAttribute(io.anonkit.cache.CachePurge.ATTRIBUTE, (io.anonkit.cache.CachePurge)
                () -> assets.purge(store.current()));
    }

    /** The cluster's shared table with a database, else {@code sessions.json} in the home folder. */
    private SessionRecords records(ServletContext context) {
        if (sharedSessions != null) {
            return sharedSessions;
        }
        return context.getAttribute(HomeFolder.ATTRIBUTE) instanceof Path path
                ? new PooledSessionsFile(path)
                : SessionRecords.NONE;
    }

    private static void stopLater(HttpClient replaced, Duration timeout) {
        long delay = timeout.plus(REPLACED_CLIENT_GRACE).toMillis();
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> LifeCycle.stop(replaced));
    }

    /** The settings in force now. */
    Settings settings() {
        return store.current();
    }

    /** The client of proxied requests under {@code settings}. */
    HttpClient client(Settings settings) {
        return clients.get(settings);
    }

    /** The client of WebSocket tunnels and of the kit's own requests under {@code settings}. */
    HttpClient tunnelClient(Settings settings) {
        return tunnelClients.get(settings);
    }

    ClientLimits limits() {
        return limits;
    }

    AccessMonitor monitor() {
        return monitor;
    }

    KitMetrics metrics() {
        return metrics;
    }

    UpstreamExchanges exchanges() {
        return exchanges;
    }

    /** The shared cache of Qlik's static assets. */
    CachedAssets assets() {
        return assets;
    }

    /** The engine session budget's gate. */
    EngineSessionGate engineSessions() {
        return engineSessions;
    }

    WebSocketTunnels tunnels() {
        return tunnels;
    }

    @Override
    public void close() {
        tunnels.close();
        engineSessionBudget.close();
        if (clusterNodes != null) {
            clusterNodes.close();
        }
        if (sharedSessions != null) {
            sharedSessions.close();
        }
        metrics.close();
        tunnelClients.current().ifPresent(client -> LifeCycle.stop(client));
        clients.current().ifPresent(client -> LifeCycle.stop(client));
    }
}
