package io.anonkit.metrics;

import io.anonkit.cache.CacheFigures;
import io.anonkit.client.ClientLimits;
import io.anonkit.http.AccessMonitor;
import io.anonkit.http.ContextAttributes;
import io.anonkit.identity.SanitisingFilter;
import io.anonkit.session.PooledSession;
import io.anonkit.session.SessionEvents;
import io.anonkit.session.UpstreamSessionPool;
import io.anonkit.settings.SettingsStore;
import io.anonkit.tunnel.TunnelEvents;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The kit's metrics, in a Prometheus registry of its own (never the Prometheus client's default registry, so a host
 * application's metrics and the kit's cannot collide). Counters on the request path are bound to their label values
 * once, so counting a request costs an add, without a lookup or an allocation; everything the kit counts already
 * (refusals, spoof attempts, open tunnels, pooled sessions, settings) is read when scraped.
 *
 * <p>Names follow Prometheus' conventions: the {@code anonkit_} prefix, base units in the name ({@code _seconds},
 * {@code _bytes}), {@code _total} on counters, and label values from small fixed sets (the pool's user ids are set by
 * an admin, at most a few).
 */
public final class KitMetrics implements SessionEvents {
    /** Servlet context attribute holding the application's metrics. */
    public static final String ATTRIBUTE = KitMetrics.class.getName();

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    /** The close codes counted on their own; others count as {@code 4xxx} (Qlik's) or {@code other}. */
    private static final int[] CLOSE_CODES = {1000, 1001, 1006, 1008, 1009, 1011, 1014};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CounterDataPoint[][] requests =
            new CounterDataPoint[RouteKind.values().length][STATUS_CLASSES.length];
    private final DistributionDataPoint[] upstreamSeconds = new DistributionDataPoint[RouteKind.values().length];
    private final CounterDataPoint tunnelsOpened;
    private final CounterDataPoint[] tunnelsClosed = new CounterDataPoint[CLOSE_CODES.length + 2];
    private final CounterDataPoint[] frames = new CounterDataPoint[TunnelEvents.Direction.values().length];
    private final CounterDataPoint[] payloadBytes = new CounterDataPoint[TunnelEvents.Direction.values().length];
    private final CounterDataPoint sessionOpenings;
    private final CounterDataPoint sessionFailures;
    private final CounterDataPoint sessionReplacements;
    private final CounterDataPoint sessionLogouts;
    private final CounterDataPoint sessionAdoptions;
    private final LongAdder proxied = new LongAdder();
    private final AccessMonitor access;
    private final ServletContext context;
    private final StatusHistory history;
    private volatile DoctorVerdict doctor;
    private volatile Supplier<Optional<UpstreamSessionPool>> pool = Optional::empty;
    private volatile Supplier<CacheFigures> cache = () -> CacheFigures.NONE;
    private volatile Supplier<io.anonkit.budget.EngineSessionFigures> engineSessions =
            () -> io.anonkit.budget.EngineSessionFigures.NONE;
    private volatile java.util.function.IntSupplier clusterNodes = () -> 1;
    private volatile double settingsChangedAt = System.currentTimeMillis() / 1000.0;

    /**
     * The doctor's last verdict.
     *
     * @param at     when it ran
     * @param checks each check's id and status ({@code pass}, {@code warn} or {@code fail}), in the doctor's order
     */
    public record DoctorVerdict(java.time.Instant at, Map<String, String> checks) {}

    private KitMetrics(ServletContext context) {
        this.context = context;
        this.access = AccessMonitor.of(context);
        Counter requestCounter = Counter.builder()
                .name("anonkit_proxy_requests_total")
                .help("Requests proxied to Qlik, by route kind and the class of the status the visitor got")
                .labelNames("route", "status_class")
                .withoutExemplars()
                .register(registry);
        Histogram upstream = Histogram.builder()
                .name("anonkit_proxy_upstream_seconds")
                .help("Time from a visitor's request to Qlik's response headers, by route kind")
                .labelNames("route")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .withoutExemplars()
                .register(registry);
        for (RouteKind route : RouteKind.values()) {
            for (int status = 0; status < STATUS_CLASSES.length; status++) {
                requests[route.ordinal()][status] = requestCounter.labelValues(route.label(), STATUS_CLASSES[status]);
            }
            upstreamSeconds[route.ordinal()] = upstream.labelValues(route.label());
        }
        CounterWithCallback.builder()
                .name("anonkit_refusals_total")
                .help(
                        "Visitor requests the kit refused, by reason (spoofed_header counts identity headers it stripped)")
                .labelNames("reason")
                .callback(callback -> refusals().forEach((reason, count) -> callback.call(count, reason)))
                .register(registry);
        CounterWithCallback.builder()
                .name("anonkit_observed_refusals_total")
                .help("Visitor requests observe mode forwarded that enforce mode would refuse, by reason")
                .labelNames("reason")
                .callback(
                        callback -> access.observed().forEach((reason, count) -> callback.call(count, reason.label())))
                .register(registry);
        ClientLimits limits = ClientLimits.of(context);
        GaugeWithCallback.builder()
                .name("anonkit_engine_tunnels_open")
                .help("Engine WebSocket tunnels open now")
                .callback(callback -> callback.call(limits.openTunnels()))
                .register(registry);
        tunnelsOpened = Counter.builder()
                .name("anonkit_engine_tunnels_opened_total")
                .help("Engine WebSocket tunnels opened")
                .withoutExemplars()
                .register(registry);
        Counter closed = Counter.builder()
                .name("anonkit_engine_tunnels_closed_total")
                .help("Engine WebSocket tunnels closed, by the close code of the side that ended first")
                .labelNames("code")
                .withoutExemplars()
                .register(registry);
        for (int i = 0; i < CLOSE_CODES.length; i++) {
            tunnelsClosed[i] = closed.labelValues(Integer.toString(CLOSE_CODES[i]));
        }
        tunnelsClosed[CLOSE_CODES.length] = closed.labelValues("4xxx");
        tunnelsClosed[CLOSE_CODES.length + 1] = closed.labelValues("other");
        Counter frameCounter = Counter.builder()
                .name("anonkit_engine_frames_total")
                .help("Data frames relayed through engine tunnels, by direction")
                .labelNames("direction")
                .withoutExemplars()
                .register(registry);
        Counter byteCounter = Counter.builder()
                .name("anonkit_engine_payload_bytes_total")
                .help("Payload bytes relayed through engine tunnels, by direction")
                .labelNames("direction")
                .withoutExemplars()
                .register(registry);
        for (TunnelEvents.Direction direction : TunnelEvents.Direction.values()) {
            String label = direction.name().toLowerCase(java.util.Locale.ROOT);
            frames[direction.ordinal()] = frameCounter.labelValues(label);
            payloadBytes[direction.ordinal()] = byteCounter.labelValues(label);
        }
        GaugeWithCallback.builder()
                .name("anonkit_qlik_sessions")
                .help("Pooled Qlik proxy sessions this node holds open, by user id")
                .labelNames("user_id")
                .callback(callback -> pooledSessions().forEach((user, count) -> callback.call(count, user)))
                .register(registry);
        CounterWithCallback.builder()
                .name("anonkit_cache_requests_total")
                .help("Requests for Qlik's static assets the shared cache took, by result: hit (served without asking"
                        + " Qlik), miss (fetched and stored), revalidated (a stale entry checked with Qlik), pass (left"
                        + " to the proxy: an answer for one visitor, a body too large, a failed fill)")
                .labelNames("result")
                .callback(callback -> {
                    CacheFigures figures = cache();
                    callback.call(figures.hits(), "hit");
                    callback.call(figures.misses(), "miss");
                    callback.call(figures.revalidations(), "revalidated");
                    callback.call(figures.passes(), "pass");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("anonkit_cache_coalesced_waits_total")
                .help("Requests that waited for another's fetch of the same asset instead of asking Qlik")
                .callback(callback -> callback.call(cache().coalescedWaits()))
                .register(registry);
        CounterWithCallback.builder()
                .name("anonkit_cache_evictions_total")
                .help("Cached answers evicted to keep the cache within its size")
                .callback(callback -> callback.call(cache().evictions()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_dependency_up")
                .help("Whether a dependency every node shares answers: 1 or 0, by dependency (upstream: Qlik's virtual"
                        + " proxy; database), checked at most every 5 s; it never makes a node unready")
                .labelNames("dependency")
                .callback(callback -> io.anonkit.health.DependencyChecks.of(context)
                        .current()
                        .forEach((dependency, up) -> callback.call(up ? 1 : 0, dependency)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_database_listening")
                .help("Whether this node hears the other nodes' changes at once on a notification channel of the shared"
                        + " database: 1 or 0, by channel (anonkit_settings, anonkit_sessions); polling covers the gaps")
                .labelNames("channel")
                .callback(callback -> java.util.Collections.list(context.getAttributeNames()).stream()
                        .filter(name ->
                                name.startsWith(io.anonkit.database.DatabaseNotifications.LISTENING_ATTRIBUTE_PREFIX))
                        .forEach(name -> {
                            if (context.getAttribute(name) instanceof java.util.function.BooleanSupplier listening) {
                                callback.call(
                                        listening.getAsBoolean() ? 1 : 0,
                                        name.substring(
                                                io.anonkit.database.DatabaseNotifications.LISTENING_ATTRIBUTE_PREFIX
                                                        .length()));
                            }
                        }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_engine_tunnels_max")
                .help("Most engine WebSocket tunnels this node holds (ANONKIT_MAX_TUNNELS); readiness turns 503 at 95%")
                .callback(callback -> callback.call(
                        SettingsStore.of(context).current().clients().maxTunnels()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_cluster_nodes")
                .help("Nodes of the cluster as this node last read them from the shared database (1 without one);"
                        + " while the database is away, each ended pooled session is replaced by one of them")
                .callback(callback -> callback.call(clusterNodes.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_engine_sessions")
                .help("Visitor engine sessions (distinct app and identity) that count against the budget now, across"
                        + " the cluster with a shared database")
                .callback(callback -> callback.call(engineSessions().inUse()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_engine_sessions_budget")
                .help("The engine session budget in force (ANONKIT_ENGINE_SESSIONS)")
                .callback(callback -> callback.call(engineSessions().budget()))
                .register(registry);
        CounterWithCallback.builder()
                .name("anonkit_engine_session_overflows_total")
                .help("Engine WebSockets this node sent to the app's shared read-only view because the budget was"
                        + " spent")
                .callback(callback -> callback.call(engineSessions().overflowed()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_cache_entries")
                .help("Answers the shared asset cache holds now")
                .callback(callback -> callback.call(cache().entries()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_cache_bytes")
                .help("Bytes the shared asset cache holds now, as weighed")
                .callback(callback -> callback.call(cache().bytes()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_cache_max_bytes")
                .help("The shared asset cache's size (ANONKIT_CACHE_SIZE), 0 when it is off")
                .callback(callback -> callback.call(cache().maxBytes()))
                .register(registry);
        sessionOpenings = Counter.builder()
                .name("anonkit_qlik_session_openings_total")
                .help("Qlik proxy sessions this node opened")
                .withoutExemplars()
                .register(registry);
        sessionFailures = Counter.builder()
                .name("anonkit_qlik_session_opening_failures_total")
                .help("Openings of Qlik proxy sessions that failed")
                .withoutExemplars()
                .register(registry);
        sessionReplacements = Counter.builder()
                .name("anonkit_qlik_session_replacements_total")
                .help("Pooled sessions Qlik ended and replaced with a new cookie")
                .withoutExemplars()
                .register(registry);
        sessionLogouts = Counter.builder()
                .name("anonkit_qlik_session_logouts_total")
                .help("Surplus Qlik sessions this node logged out")
                .withoutExemplars()
                .register(registry);
        sessionAdoptions = Counter.builder()
                .name("anonkit_qlik_session_adoptions_total")
                .help("Pooled session cookies this node took from another node's record in the shared database")
                .withoutExemplars()
                .register(registry);
        SettingsStore store = SettingsStore.of(context);
        store.onChange(change -> settingsChangedAt = System.currentTimeMillis() / 1000.0);
        GaugeWithCallback.builder()
                .name("anonkit_settings_revision")
                .help("Revision of the saved settings in force (0 while none were saved)")
                .callback(callback -> callback.call(store.revision()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_settings_last_change_timestamp_seconds")
                .help("When this node last put changed settings in force, or started, in seconds since the epoch")
                .callback(callback -> callback.call(settingsChangedAt))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_doctor_check_status")
                .help("The doctor's last verdict per check: 1 for the status it had, 0 for the others")
                .labelNames("check", "status")
                .callback(callback -> {
                    DoctorVerdict last = doctor;
                    if (last != null) {
                        last.checks().forEach((check, status) -> {
                            for (String each : new String[] {"pass", "warn", "fail"}) {
                                callback.call(each.equals(status) ? 1 : 0, check, each);
                            }
                        });
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_doctor_last_run_timestamp_seconds")
                .help("When the doctor last ran, in seconds since the epoch (absent until it ran)")
                .callback(callback -> {
                    DoctorVerdict last = doctor;
                    if (last != null) {
                        callback.call(last.at().toEpochMilli() / 1000.0);
                    }
                })
                .register(registry);
        ServerThreads.register(registry, context.getAttribute("org.eclipse.jetty.server.Executor"));
        history = StatusHistory.start(this::proxiedTotal, this::refusals);
        JvmMetrics.builder().register(registry);
    }

    /** The application's metrics, created with its first use. */
    public static KitMetrics of(ServletContext context) {
        return ContextAttributes.getOrCreate(context, ATTRIBUTE, KitMetrics.class, () -> new KitMetrics(context));
    }

    /** Every refusal so far by reason, as the metrics label them. */
    public Map<String, Long> refusals() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        access.refused().forEach((reason, count) -> counts.put(reason.label(), count));
        counts.put("spoofed_header", SanitisingFilter.monitorOf(context).attempts());
        return counts;
    }

    /** Requests proxied so far, engine handshakes included. */
    public long proxiedTotal() {
        return proxied.sum();
    }

    /** The recent past: requests per second and refusals of the last hour. */
    public StatusHistory history() {
        return history;
    }

    /** The doctor's last verdict, if it ran. */
    public Optional<DoctorVerdict> doctor() {
        return Optional.ofNullable(doctor);
    }

    /** Takes note of the doctor's verdict. */
    public void doctorRan(DoctorVerdict verdict) {
        doctor = verdict;
    }

    /** Stops the sampling of the recent past. */
    public void close() {
        history.close();
    }

    /** The asset cache's figures now. */
    public CacheFigures cache() {
        return cache.get();
    }

    /** Reads the asset cache's figures from {@code figures} when scraped. */
    public void cacheOf(Supplier<CacheFigures> figures) {
        this.cache = figures;
    }

    /** The engine session budget's figures now. */
    public io.anonkit.budget.EngineSessionFigures engineSessions() {
        return engineSessions.get();
    }

    /** Reads the engine session budget's figures from {@code figures} when asked. */
    public void engineSessionsOf(Supplier<io.anonkit.budget.EngineSessionFigures> figures) {
        this.engineSessions = figures;
    }

    /** Reads the number of cluster nodes from {@code nodes} when scraped. */
    public void clusterNodesOf(java.util.function.IntSupplier nodes) {
        this.clusterNodes = nodes;
    }

    /** Pooled sessions open now, by user id. */
    public Map<String, Integer> pooledSessions() {
        Map<String, Integer> byUser = new TreeMap<>();
        pool.get().ifPresent(current -> {
            for (PooledSession session : current.sessions()) {
                String user = session.identity().map(header -> header.value()).orElse("");
                byUser.merge(user, session.cookie().isPresent() ? 1 : 0, Integer::sum);
            }
        });
        return byUser;
    }

    /** Reads the pooled sessions from {@code pools} when scraped. */
    public void sessionsOf(Supplier<Optional<UpstreamSessionPool>> pools) {
        this.pool = pools;
    }

    /** Counts a proxied request (or engine handshake) by the status the visitor got. */
    public void request(RouteKind route, int status) {
        proxied.increment();
        requests[route.ordinal()][Math.min(Math.max(status / 100, 1), 5) - 1].inc();
    }

    /** Times Qlik's answer: from {@code startNanos}, when the visitor's request arrived, to {@code headerNanos}. */
    public void upstreamAnswered(RouteKind route, long startNanos, long headerNanos) {
        upstreamSeconds[route.ordinal()].observe((headerNanos - startNanos) / 1e9);
    }

    @Override
    public void opened() {
        sessionOpenings.inc();
    }

    @Override
    public void openingFailed() {
        sessionFailures.inc();
    }

    @Override
    public void replaced() {
        sessionReplacements.inc();
    }

    @Override
    public void loggedOut() {
        sessionLogouts.inc();
    }

    @Override
    public void adopted() {
        sessionAdoptions.inc();
    }

    /** The tunnel side of the metrics. */
    public TunnelEvents tunnels() {
        return new TunnelEvents() {
            @Override
            public void opened() {
                tunnelsOpened.inc();
            }

            @Override
            public void frame(Direction direction, int bytes) {
                frames[direction.ordinal()].inc();
                payloadBytes[direction.ordinal()].inc(bytes);
            }

            @Override
            public void closed(int code) {
                tunnelsClosed[closeIndex(code)].inc();
            }
        };
    }

    private static int closeIndex(int code) {
        for (int i = 0; i < CLOSE_CODES.length; i++) {
            if (CLOSE_CODES[i] == code) {
                return i;
            }
        }
        return code >= 4000 && code <= 4999 ? CLOSE_CODES.length : CLOSE_CODES.length + 1;
    }

    /** Everything, as of now. */
    public MetricSnapshots scrape() {
        return registry.scrape();
    }
}
