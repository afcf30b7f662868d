package io.anonkit.proxy;

import io.anonkit.settings.Settings;
import io.anonkit.settings.TrustStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP client for the upstream, rebuilt only when a setting it is built from changes (trust store, connect
 * timeout). A replaced client keeps serving the exchanges it started and is stopped after a grace period.
 */
final class UpstreamClients implements AutoCloseable {
    private record Key(Optional<TrustStore> trustStore, Duration connectTimeout) {
        static Key of(Settings settings) {
            return new Key(settings.trustStore(), settings.connectTimeout());
        }
    }

    private record Entry(Key key, HttpClient client) {
    }

    private final Function<Settings, HttpClient> factory;
    private final Function<Settings, Duration> grace;
    private volatile Settings lastSettings;
    private volatile Entry current;

    /**
     * Clients made by {@code factory}, which returns a started client; a replaced client is stopped {@code grace}
     * after the replacement, so the exchanges it carries can finish.
     */
    UpstreamClients(Function<Settings, HttpClient> factory, Function<Settings, Duration> grace) {
        this.factory = factory;
        this.grace = grace;
    }

    /** The client for {@code settings}. */
    HttpClient get(Settings settings) {
        // Read in the reverse order of refresh()'s writes: a matching lastSettings guarantees a current entry for it.
        Settings known = lastSettings;
        Entry entry = current;
        if (entry != null && settings == known) {
            return entry.client;
        }
        return refresh(settings);
    }

    private synchronized HttpClient refresh(Settings settings) {
        Key key = Key.of(settings);
        Entry entry = current;
        if (entry == null || !entry.key.equals(key)) {
            Entry replaced = entry;
            current = new Entry(key, factory.apply(settings));
            if (replaced != null) {
                long delay = grace.apply(settings).toMillis() + 5_000;
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> LifeCycle.stop(replaced.client));
            }
        }
        lastSettings = settings;
        return current.client;
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            LifeCycle.stop(current.client);
        }
    }
}
