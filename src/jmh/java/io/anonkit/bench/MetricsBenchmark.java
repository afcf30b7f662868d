package io.anonkit.bench;

import io.anonkit.metrics.KitMetrics;
import io.anonkit.metrics.RouteKind;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsStore;
import io.anonkit.testing.MemorySettingsRepository;
import io.anonkit.tunnel.TunnelEvents;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the metrics cost: per proxied request (classify its route, count it by status class, time Qlik's answer), per
 * relayed engine frame, and per scrape of the whole registry. Run: {@code src/bench/metrics.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsBenchmark {
    private KitMetrics metrics;
    private TunnelEvents tunnels;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final OutputStream discard = OutputStream.nullOutputStream();

    /** Metrics on a servlet context with the default settings, as the gateway's. */
    @Setup(Level.Trial)
    public void start() {
        ServletContextHandler context = new ServletContextHandler();
        context.getServletContext()
                .setAttribute(
                        SettingsStore.ATTRIBUTE,
                        new SettingsStore(Settings.defaults(), 0, new MemorySettingsRepository(), Clock.systemUTC()));
        metrics = KitMetrics.of(context.getServletContext());
        tunnels = metrics.tunnels();
    }

    /** Stops the sampler. */
    @TearDown(Level.Trial)
    public void stop() {
        metrics.close();
    }

    /** Everything the gateway does for the metrics of one proxied request. */
    @Benchmark
    public void perRequest() {
        long started = System.nanoTime();
        RouteKind route = RouteKind.of("/resources/assets/client.js", false);
        metrics.upstreamAnswered(route, started, System.nanoTime());
        metrics.request(route, 200);
    }

    /** What a relayed engine frame costs. */
    @Benchmark
    public void perFrame() {
        tunnels.frame(TunnelEvents.Direction.TO_VISITOR, 512);
    }

    /** One scrape of the registry, JVM metrics included, written in Prometheus' text format. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void perScrape(Blackhole hole) throws IOException {
        writer.write(discard, metrics.scrape());
        hole.consume(discard);
    }
}
