package io.anonkit.proxy;

import io.anonkit.settings.Settings;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The client connector every connection to the upstream uses: host name verification on, the configured trust store
 * (or the JVM's), and the configured connect timeout. Never "trust all".
 */
public final class UpstreamConnector {
    private UpstreamConnector() {
    }

    /** A new, unstarted connector for {@code settings}. */
    public static ClientConnector of(Settings settings) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        settings.trustStore().ifPresent(trustStore -> {
            tls.setTrustStorePath(trustStore.path().toString());
            tls.setTrustStorePassword(trustStore.password());
            tls.setTrustStoreType(trustStore.type());
        });
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setConnectTimeout(settings.connectTimeout());
        return connector;
    }
}
