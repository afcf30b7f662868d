package io.anonkit.settings;

import java.util.List;

/**
 * Who a client is, and how much of the gateway one client may use. Defaults are far above what a visitor's browser
 * needs; a client over a limit gets 429 before anything reaches Qlik.
 *
 * @param trustedProxies    front proxies whose {@code X-Forwarded-For} names the client; empty believes none
 * @param tunnelsPerClient  most engine tunnels one client holds open at once
 * @param tunnelsPerMinute  most engine tunnels one client opens per minute
 * @param requestsPerSecond HTTP requests per second one client may send on average
 * @param requestBurst      HTTP requests one client may send at once above the average
 * @param maxTunnels        most engine tunnels open at once, over all clients
 * @param identitiesPerHour most engine identities issued to one client per hour
 */
public record ClientSettings(
        List<AddressRange> trustedProxies,
        int tunnelsPerClient,
        int tunnelsPerMinute,
        int requestsPerSecond,
        int requestBurst,
        int maxTunnels,
        int identitiesPerHour) {
    /** Copies the list so the record stays immutable. */
    public ClientSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }
}
