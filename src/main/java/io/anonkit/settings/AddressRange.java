package io.anonkit.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR range of them, such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a range of
 * one. Parsed from literals only: a host name is refused, so reading settings never asks DNS.
 *
 * @param network      the range's first address
 * @param prefixLength how many leading bits of an address must equal the network's
 */
public record AddressRange(InetAddress network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    /** The range {@code text} names, or empty when it is not an address or CIDR range. */
    public static Optional<AddressRange> parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Optional<InetAddress> parsed = literal(address);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        int bits = parsed.get().getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(length);
        }
        return Optional.of(new AddressRange(mask(parsed.get(), prefix), prefix));
    }

    /** The address a literal names, without any name lookup; empty for anything else. */
    public static Optional<InetAddress> literal(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        var v4 = IPV4.matcher(trimmed);
        boolean ipv4 = v4.matches();
        if (ipv4) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!trimmed.contains(":") || !IPV6.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(trimmed));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code address} lies in this range; an IPv4 address never lies in an IPv6 range, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        for (int i = 0; i < net.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            int mask = (0xff << (8 - keep)) & 0xff;
            if ((candidate[i] & mask) != (net[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** The range's text form: the address, followed by {@code /length} unless it is a single address. */
    public String text() {
        int bits = network.getAddress().length * 8;
        return network.getHostAddress() + (prefixLength == bits ? "" : "/" + prefixLength);
    }
}
