package io.anonkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.http.Refusal;
import io.anonkit.settings.ClientSettings;
import io.anonkit.settings.SettingKey;
import io.anonkit.testing.MovableClock;
import io.anonkit.testing.TestSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientLimitsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ClientLimits limits = new ClientLimits(clock);

    private static ClientSettings limits(SettingKey key, int value) {
        return TestSettings.defaults().with(key, value).build().clients();
    }

    @Test
    void requestsPassUpToTheBurstThenAtTheRateAndEachClientHasItsOwn() {
        ClientSettings settings = TestSettings.defaults()
                .with(SettingKey.REQUESTS_PER_SECOND, 10)
                .with(SettingKey.REQUEST_BURST, 5)
                .build()
                .clients();
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), limits.request("198.51.100.1", settings), "request " + i + " of the burst");
        }
        Refusal refusal = limits.request("198.51.100.1", settings).orElseThrow();
        assertEquals(429, refusal.status());
        assertEquals("1", refusal.headers().get("Retry-After"));
        assertTrue(
                refusal.message().startsWith("Too many requests: more than 10 requests per second (burst 5)"),
                refusal.message());
        assertEquals(Optional.empty(), limits.request("198.51.100.2", settings), "another client is served");
        clock.advance(Duration.ofMillis(100));
        assertEquals(Optional.empty(), limits.request("198.51.100.1", settings), "one more after a tenth of a second");
        assertTrue(limits.request("198.51.100.1", settings).isPresent(), "but not two");
    }

    @Test
    void tunnelsAreCountedPerClientAndOverAllAndGivenBack() {
        ClientSettings settings = TestSettings.defaults()
                .with(SettingKey.TUNNELS_PER_CLIENT, 2)
                .with(SettingKey.MAX_TUNNELS, 3)
                .build()
                .clients();
        assertEquals(Optional.empty(), limits.openTunnel("a", settings));
        assertEquals(Optional.empty(), limits.openTunnel("a", settings));
        Refusal perClient = limits.openTunnel("a", settings).orElseThrow();
        assertTrue(
                perClient.message().contains("more than 2 engine tunnels open from one client"), perClient.message());
        assertEquals("10", perClient.headers().get("Retry-After"));
        assertEquals(Optional.empty(), limits.openTunnel("b", settings));
        Refusal overAll = limits.openTunnel("c", settings).orElseThrow();
        assertTrue(overAll.message().contains("the kit holds its most engine tunnels (3"), overAll.message());
        assertEquals(3, limits.openTunnels());
        limits.closeTunnel("a");
        assertEquals(Optional.empty(), limits.openTunnel("c", settings), "a closed tunnel makes room");
        assertEquals(3, limits.openTunnels());
    }

    @Test
    void newTunnelsPerMinuteAreLimitedUntilTheMinuteEnds() {
        ClientSettings settings = limits(SettingKey.TUNNELS_PER_MINUTE, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limits.openTunnel("a", settings));
            limits.closeTunnel("a");
        }
        clock.advance(Duration.ofMillis(15_000));
        Refusal refusal = limits.openTunnel("a", settings).orElseThrow();
        assertEquals("45", refusal.headers().get("Retry-After"), "until the minute ends");
        assertEquals(0, limits.openTunnels(), "a refused tunnel holds nothing");
        clock.advance(Duration.ofMillis(45_000));
        assertEquals(Optional.empty(), limits.openTunnel("a", settings));
    }

    @Test
    void beyondTheHourlyShareAClientGetsNoIdentityNeverAnotherVisitorsOne() {
        ClientSettings settings = limits(SettingKey.IDENTITIES_PER_HOUR, 2);
        int[] issued = {0};
        assertEquals(Optional.of("t1"), limits.identity("a", settings, () -> "t" + ++issued[0]));
        assertEquals(Optional.of("t2"), limits.identity("a", settings, () -> "t" + ++issued[0]));
        assertEquals(
                Optional.empty(),
                limits.identity("a", settings, () -> "t" + ++issued[0]),
                "the next visitor behind the same address gets the shared, read-only engine session, not t2");
        assertEquals(2, issued[0], "nothing was issued for the refusal");
        assertEquals(Optional.of("t3"), limits.identity("b", settings, () -> "t" + ++issued[0]), "another client");
        clock.advance(Duration.ofMillis(3_600_000));
        assertEquals(Optional.of("t4"), limits.identity("a", settings, () -> "t" + ++issued[0]), "a new hour");
    }

    @Test
    void anIpv6ClientIsItsSlash64NetworkForEveryLimit() {
        ClientSettings settings = limits(SettingKey.IDENTITIES_PER_HOUR, 2);
        int[] issued = {0};
        assertTrue(limits.identity("2001:db8:0:aa::1", settings, () -> "t" + ++issued[0])
                .isPresent());
        assertTrue(limits.identity("[2001:db8:0:aa:ffff:1:2:3]", settings, () -> "t" + ++issued[0])
                .isPresent());
        assertEquals(
                Optional.empty(),
                limits.identity("2001:0db8:0000:00aa:9::", settings, () -> "t" + ++issued[0]),
                "a third address of the same /64 is the same client");
        assertTrue(
                limits.identity("2001:db8:0:ab::1", settings, () -> "t" + ++issued[0])
                        .isPresent(),
                "the next /64 is another client");
        ClientSettings tunnels = limits(SettingKey.TUNNELS_PER_CLIENT, 1);
        assertEquals(Optional.empty(), limits.openTunnel("2001:db8:1:1::1", tunnels));
        assertTrue(limits.openTunnel("2001:db8:1:1::2", tunnels).isPresent(), "one tunnel per /64");
        assertEquals(Optional.empty(), limits.openTunnel("2001:db8:1:2::1", tunnels));
        ClientSettings rate = limits(SettingKey.REQUEST_BURST, 1);
        assertEquals(Optional.empty(), limits.request("2001:db8:2:1::1", rate));
        assertTrue(limits.request("2001:db8:2:1:dead:beef::", rate).isPresent(), "one burst per /64");
        assertEquals(Optional.empty(), limits.request("::ffff:192.0.2.7", rate));
        assertTrue(limits.request("192.0.2.7", rate).isPresent(), "an IPv4-mapped address is the IPv4 client");
    }
}
