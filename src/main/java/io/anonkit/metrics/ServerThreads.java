package io.anonkit.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Gauges of the server's thread pool, where the container publishes it as the context attribute
 * {@code org.eclipse.jetty.server.Executor} (Jetty, and so {@code java -jar}). The pool is a class of the server's
 * class loader, not the web application's, so its getters are found by name once, not by type.
 */
final class ServerThreads {
    private ServerThreads() {}

    /** Registers the gauges when {@code executor} is a Jetty thread pool; otherwise registers nothing. */
    static void register(PrometheusRegistry registry, Object executor) {
        if (executor == null) {
            return;
        }
        Optional<Method> threads = getter(executor, "getThreads");
        Optional<Method> busy = getter(executor, "getBusyThreads");
        Optional<Method> max = getter(executor, "getMaxThreads");
        Optional<Method> queued = getter(executor, "getQueueSize");
        if (threads.isEmpty() || busy.isEmpty() || max.isEmpty() || queued.isEmpty()) {
            return;
        }
        GaugeWithCallback.builder()
                .name("anonkit_server_threads")
                .help("Threads of the server's pool, by state")
                .labelNames("state")
                .callback(callback -> {
                    int all = read(threads.get(), executor);
                    int working = read(busy.get(), executor);
                    callback.call(working, "busy");
                    callback.call(Math.max(all - working, 0), "idle");
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_server_threads_max")
                .help("Most threads the server's pool may start")
                .callback(callback -> callback.call(read(max.get(), executor)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("anonkit_server_queued_jobs")
                .help("Jobs waiting for a thread of the server's pool")
                .callback(callback -> callback.call(read(queued.get(), executor)))
                .register(registry);
    }

    private static Optional<Method> getter(Object target, String name) {
        try {
            Method method = target.getClass().getMethod(name);
            return method.getReturnType() == int.class ? Optional.of(method) : Optional.empty();
        } catch (NoSuchMethodException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static int read(Method getter, Object target) {
        try {
            return (int) getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }
}
