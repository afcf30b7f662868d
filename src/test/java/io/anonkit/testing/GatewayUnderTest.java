package io.anonkit.testing;

import io.anonkit.identity.SanitisingFilter;
import io.anonkit.proxy.GatewayProxyServlet;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsStore;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The gateway's filter and proxy servlet, wired as {@code web.xml} wires them, on an in-process Jetty with Jetty's
 * default (strict) compliance: a {@link LocalConnector} for raw request bytes and a loopback port for real clients.
 */
public final class GatewayUnderTest implements AutoCloseable {
    private final Server server = new Server();
    private final LocalConnector local;
    private final ServerConnector http;
    private final SettingsStore store;
    private final ServletContextHandler context;

    private GatewayUnderTest(Settings settings, String contextPath, java.util.Map<String, Object> attributes)
            throws Exception {
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        local = new LocalConnector(server, new HttpConnectionFactory(configuration));
        http = new ServerConnector(server, new HttpConnectionFactory(configuration));
        http.setHost("127.0.0.1");
        server.addConnector(local);
        server.addConnector(http);
        store = new SettingsStore(settings, 0, new MemorySettingsRepository(), java.time.Clock.systemUTC());
        context = new ServletContextHandler(contextPath);
        context.setAttribute(SettingsStore.ATTRIBUTE, store);
        attributes.forEach(context::setAttribute);
        FilterHolder filter = new FilterHolder(SanitisingFilter.class);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/qlik/*", EnumSet.allOf(DispatcherType.class));
        ServletHolder proxy = new ServletHolder(GatewayProxyServlet.class);
        proxy.setAsyncSupported(true);
        proxy.setInitOrder(1);
        context.addServlet(proxy, "/qlik/*");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        server.setHandler(context);
        server.start();
    }

    /** A started gateway at the root context. */
    public static GatewayUnderTest start(Settings settings) throws Exception {
        return new GatewayUnderTest(settings, "/", java.util.Map.of());
    }

    /** A started gateway at the root context that shares {@code database} with other nodes, as a cluster's do. */
    public static GatewayUnderTest start(Settings settings, io.anonkit.database.DatabaseConnections.Named database)
            throws Exception {
        return new GatewayUnderTest(
                settings, "/", java.util.Map.of(io.anonkit.database.DatabaseConnections.ATTRIBUTE, database));
    }

    /** A started gateway at {@code contextPath}. */
    public static GatewayUnderTest start(Settings settings, String contextPath) throws Exception {
        return new GatewayUnderTest(settings, contextPath, java.util.Map.of());
    }

    /** Spoof attempts the filter counted. */
    public long spoofAttempts() {
        return SanitisingFilter.monitorOf(context.getServletContext()).attempts();
    }

    /** The web application's servlet context, where the kit keeps its monitors and limits. */
    public jakarta.servlet.ServletContext servletContext() {
        return context.getServletContext();
    }

    /**
     * The value of a counter of the kit's metrics, summed over its labels, as {@code /metrics} would show it.
     *
     * @param name the counter's name without {@code _total}, as the Prometheus client keeps it
     */
    public double counter(String name) {
        double sum = 0;
        for (io.prometheus.metrics.model.snapshots.MetricSnapshot snapshot :
                io.anonkit.metrics.KitMetrics.of(context.getServletContext()).scrape()) {
            if (snapshot instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot counter
                    && counter.getMetadata().getPrometheusName().equals(name)) {
                for (io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot point :
                        counter.getDataPoints()) {
                    sum += point.getValue();
                }
                return sum;
            }
        }
        throw new IllegalArgumentException("no counter " + name);
    }

    /** The value of a gauge of the kit's metrics, summed over its labels, as {@code /metrics} would show it. */
    public double gauge(String name) {
        for (io.prometheus.metrics.model.snapshots.MetricSnapshot snapshot :
                io.anonkit.metrics.KitMetrics.of(context.getServletContext()).scrape()) {
            if (snapshot instanceof io.prometheus.metrics.model.snapshots.GaugeSnapshot gauge
                    && gauge.getMetadata().getPrometheusName().equals(name)) {
                return gauge.getDataPoints().stream()
                        .mapToDouble(
                                io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot::getValue)
                        .sum();
            }
        }
        throw new IllegalArgumentException("no gauge " + name);
    }

    /** The settings store, to change settings live. */
    public SettingsStore store() {
        return store;
    }

    /** Sends raw bytes (ISO-8859-1) and parses the first response. */
    public HttpTester.Response raw(String request) throws Exception {
        String response = local.getResponse(request);
        return response == null ? null : HttpTester.parseResponse(response);
    }

    /** Sends raw bytes and returns the text of up to {@code responses} final responses (and any 1xx before them). */
    public String raw(String request, int responses) throws Exception {
        LocalConnector.LocalEndPoint endPoint = local.executeRequest(request);
        StringBuilder out = new StringBuilder();
        int finals = 0;
        while (finals < responses) {
            String response = endPoint.getResponse(false, 10, TimeUnit.SECONDS);
            if (response == null) {
                break;
            }
            out.append(response);
            if (!response.startsWith("HTTP/1.1 1")) {
                finals++;
            }
        }
        return out.toString();
    }

    /** The gateway's WebSocket base URL on the loopback port. */
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + http.getLocalPort());
    }

    /** The gateway's base URL on the loopback port. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + http.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
