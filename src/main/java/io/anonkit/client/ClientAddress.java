package io.anonkit.client;

import io.anonkit.settings.AddressRange;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The address of the client a request comes from. The socket peer is the client unless it is one of the trusted
 * front proxies ({@code anonkit.trusted.proxies}); then the {@code X-Forwarded-For} (or {@code Forwarded}) chain is read
 * from the right, skipping trusted hops, and the first hop that is not trusted is the client. A hop that is not an IP
 * literal ends the walk there: what stands left of it could be anything the client wrote.
 *
 * <p>The sanitising filter resolves the address before it hides the client's forwarding headers, and keeps it in the
 * request attribute {@link #ATTRIBUTE} for the limits, the logs and the {@code X-Forwarded-For} sent to Qlik.
 */
public final class ClientAddress {
    /** Request attribute holding the client's address, a {@code String}. */
    public static final String ATTRIBUTE = ClientAddress.class.getName();
    /** Most forwarding hops read from the right; a longer chain is read no further. */
    static final int MAX_HOPS = 20;

    private ClientAddress() {}

    /**
     * The client address of {@code request}, resolved once and kept in {@link #ATTRIBUTE}. Call it before the client's
     * forwarding headers are hidden (the sanitising filter does, for the gateway).
     */
    public static String of(HttpServletRequest request, List<AddressRange> trustedProxies) {
        Object resolved = request.getAttribute(ATTRIBUTE);
        if (resolved instanceof String address) {
            return address;
        }
        String client = trustedProxies.isEmpty()
                ? request.getRemoteAddr()
                : resolve(
                        request.getRemoteAddr(),
                        trustedProxies,
                        request.getHeaders("X-Forwarded-For"),
                        request.getHeaders("Forwarded"));
        request.setAttribute(ATTRIBUTE, client);
        return client;
    }

    /**
     * Resolves the client address from the socket peer {@code remoteAddress} and the raw forwarding headers.
     *
     * @param forwardedFor the {@code X-Forwarded-For} header values, in order
     * @param forwarded    the {@code Forwarded} header values, in order; read only without {@code X-Forwarded-For}
     */
    public static String resolve(
            String remoteAddress,
            List<AddressRange> trustedProxies,
            Enumeration<String> forwardedFor,
            Enumeration<String> forwarded) {
        if (trustedProxies.isEmpty() || !trusted(remoteAddress, trustedProxies)) {
            return remoteAddress;
        }
        List<String> hops = hops(forwardedFor, false);
        if (hops.isEmpty()) {
            hops = hops(forwarded, true);
        }
        String client = remoteAddress;
        for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= MAX_HOPS; i--) {
            Optional<InetAddress> hop = AddressRange.literal(hops.get(i));
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get().getHostAddress();
            if (!trusted(hop.get(), trustedProxies)) {
                return client;
            }
        }
        return client;
    }

    private static boolean trusted(String address, List<AddressRange> ranges) {
        return AddressRange.literal(address).map(a -> trusted(a, ranges)).orElse(false);
    }

    private static boolean trusted(InetAddress address, List<AddressRange> ranges) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    private static List<String> hops(Enumeration<String> values, boolean forwardedSyntax) {
        List<String> hops = new ArrayList<>();
        while (values != null && values.hasMoreElements()) {
            String value = values.nextElement();
            if (value == null) {
                continue;
            }
            for (String element : value.split(",")) {
                String hop = forwardedSyntax ? forElement(element) : element.trim();
                if (hop != null && !hop.isEmpty()) {
                    hops.add(hop);
                }
            }
        }
        return hops;
    }

    /** The address of a {@code Forwarded} element's {@code for=} pair, without quotes, brackets or port. */
    private static String forElement(String element) {
        for (String pair : element.split(";")) {
            String trimmed = pair.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
                String value = trimmed.substring(4).replace("\"", "");
                if (value.startsWith("[")) {
                    int end = value.indexOf(']');
                    return end < 0 ? "" : value.substring(1, end);
                }
                int colon = value.indexOf(':');
                return colon < 0 ? value : value.substring(0, colon);
            }
        }
        return null;
    }
}
