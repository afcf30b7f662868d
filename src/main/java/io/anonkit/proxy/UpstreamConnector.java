package io.anonkit.proxy;

import io.anonkit.settings.Settings;
import io.anonkit.settings.TrustStore;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The client connector every connection to the upstream uses: host name verification on, the configured trust store
 * (or the JVM's), and the configured connect timeout. Never "trust all".
 */
public final class UpstreamConnector {
    /**
     * The settings a connector is built from: a client built from equal keys can be kept when other settings change.
     *
     * @param trustStore     the trust store, or empty for the JVM's
     * @param connectTimeout the connect timeout
     */
    public record Key(Optional<TrustStore> trustStore, Duration connectTimeout) {
        /** The key of {@code settings}. */
        public static Key of(Settings settings) {
            return new Key(settings.trustStore(), settings.connectTimeout());
        }
    }

    private UpstreamConnector() {}

    /** A new, unstarted connector for {@code settings}. */
    public static ClientConnector of(Settings settings) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        settings.trustStore().ifPresent(trustStore -> {
            tls.setTrustStorePath(trustStore.path().toString());
            tls.setTrustStorePassword(trustStore.password());
            tls.setTrustStoreType(trustStore.type().text());
        });
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setConnectTimeout(settings.connectTimeout());
        return connector;
    }
}
