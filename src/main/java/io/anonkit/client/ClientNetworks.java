package io.anonkit.client;

import io.anonkit.settings.AddressRange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What counts as one client for the per-client limits. An IPv4 address is one client. An IPv6 client is its /64
 * network: a home, a phone or a server gets a whole /64 (RFC 6177 and the providers' practice), and picks any of its
 * 2^64 addresses at will, so counting addresses would let one visitor be a billion clients. An IPv4 address written as
 * IPv6 ({@code ::ffff:192.0.2.1}) is the IPv4 client.
 */
final class ClientNetworks {
    private ClientNetworks() {}

    /** The key of the client {@code address} (an address literal as the container gives it), such as {@code 6:20010db8000000aa}. */
    static String key(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        Optional<InetAddress> parsed = AddressRange.literal(address);
        if (parsed.isEmpty()) {
            return address;
        }
        if (!(parsed.get() instanceof Inet6Address)) {
            return parsed.get().getHostAddress();
        }
        return "6:" + HexFormat.of().formatHex(parsed.get().getAddress(), 0, 8);
    }
}
