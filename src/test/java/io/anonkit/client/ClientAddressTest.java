package io.anonkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.settings.AddressRange;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {
    private static final List<AddressRange> FRONTS = List.of(
            AddressRange.parse("127.0.0.1").orElseThrow(),
            AddressRange.parse("10.0.0.0/8").orElseThrow(),
            AddressRange.parse("fd00::/8").orElseThrow());

    private static String resolve(String peer, String forwardedFor, String forwarded) {
        return ClientAddress.resolve(peer, FRONTS, values(forwardedFor), values(forwarded));
    }

    private static java.util.Enumeration<String> values(String header) {
        return Collections.enumeration(header == null ? List.of() : Arrays.asList(header.split("\\|")));
    }

    @ParameterizedTest(name = "{0} with X-Forwarded-For {1} / Forwarded {2} -> {3}")
    @CsvSource(
            delimiter = ';',
            value = {
                // Without a trusted peer, the peer is the client, whatever it claims.
                "203.0.113.9; 198.51.100.1; ; 203.0.113.9",
                "203.0.113.9; ; for=198.51.100.1; 203.0.113.9",
                // From a trusted front: the right-most hop that is not trusted.
                "127.0.0.1; 198.51.100.1; ; 198.51.100.1",
                "127.0.0.1; 6.6.6.6, 198.51.100.1; ; 198.51.100.1",
                "127.0.0.1; 6.6.6.6, 198.51.100.1, 10.1.2.3; ; 198.51.100.1",
                "127.0.0.1; 6.6.6.6|198.51.100.1; ; 198.51.100.1",
                "10.9.9.9; 198.51.100.1; ; 198.51.100.1",
                // Every hop trusted: the left-most.
                "127.0.0.1; 10.0.0.5, 10.0.0.6; ; 10.0.0.5",
                // A hop that is not an address ends the walk at the last good hop: nothing left of it is believed.
                "127.0.0.1; 6.6.6.6, unknown; ; 127.0.0.1",
                "127.0.0.1; 6.6.6.6, evil.example.com, 10.0.0.1; ; 10.0.0.1",
                "127.0.0.1; 999.1.1.1; ; 127.0.0.1",
                // Forwarded, when there is no X-Forwarded-For.
                "127.0.0.1; ; for=198.51.100.1; 198.51.100.1",
                "127.0.0.1; ; for=6.6.6.6, for=\"[2001:db8::1]:443\"; 2001:db8:0:0:0:0:0:1",
                "127.0.0.1; ; for=198.51.100.1:8080; 198.51.100.1",
                // No header from a trusted front: the front is the client.
                "127.0.0.1; ; ; 127.0.0.1",
                "fd00::1; 198.51.100.7; ; 198.51.100.7",
            })
    void theClientIsTheRightMostUntrustedHop(String peer, String forwardedFor, String forwarded, String client) {
        assertEquals(client, resolve(peer, forwardedFor, forwarded));
    }

    @Test
    void withoutTrustedProxiesForwardingHeadersAreIgnored() {
        assertEquals("127.0.0.1", ClientAddress.resolve("127.0.0.1", List.of(), values("198.51.100.1"), values(null)));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.7/32, 192.168.1.7, true",
        "192.168.1.0/24, 192.168.2.1, false",
        "0.0.0.0/0, 8.8.8.8, true",
        "fd00::/8, fd12::1, true",
        "fd00::/8, fe80::1, false",
        "10.0.0.0/8, ::ffff:10.0.0.1, true",
        "::1, ::1, true",
        "127.0.0.1, ::1, false",
    })
    void rangesContainTheirAddresses(String range, String address, boolean contained) {
        assertEquals(
                contained,
                AddressRange.parse(range)
                        .orElseThrow()
                        .contains(AddressRange.literal(address).orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({
        "localhost",
        "example.com",
        "10.0.0.0/33",
        "10.0.0/8",
        "256.1.1.1",
        "10.0.0.1/",
        "/8",
        "1.2.3.4/-1",
        "::g"
    })
    void onlyLiteralAddressesAndRangesParse(String text) {
        assertEquals(Optional.empty(), AddressRange.parse(text));
    }
}
