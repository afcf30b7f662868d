package io.anonkit.proxy;

import io.anonkit.settings.Settings;

/** The Host header the upstream receives, per {@code anonkit.host.header}. */
final class UpstreamHost {
    private UpstreamHost() {
    }

    /** The Host to send, given the visitor's {@code clientHost}. */
    static String of(Settings settings, String clientHost) {
        return switch (settings.hostHeader().kind()) {
            case CLIENT -> clientHost;
            case UPSTREAM -> settings.upstream().orElseThrow().getRawAuthority();
            case FIXED -> settings.hostHeader().fixed().orElseThrow();
        };
    }
}
