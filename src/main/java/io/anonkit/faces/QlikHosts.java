package io.anonkit.faces;

import java.net.URI;
import java.util.Locale;

/** Tells Qlik Cloud hosts from client-managed ones (Qlik Sense Enterprise behind the kit or elsewhere). */
final class QlikHosts {
    private QlikHosts() {}

    /** Whether {@code host} is a Qlik Cloud tenant; any other host is treated as client-managed. */
    static boolean isCloud(String host) {
        String name = hostName(host);
        return name.endsWith(".qlikcloud.com") || name.endsWith(".qlikcloudgov.com");
    }

    /** The lower-case host name of {@code host} (a URL, or a bare host as the loader also accepts). */
    static String hostName(String host) {
        String url = host.regionMatches(true, 0, "http://", 0, 7) || host.regionMatches(true, 0, "https://", 0, 8)
                ? host
                : "https://" + host;
        try {
            String name = URI.create(url).getHost();
            return name == null ? "" : name.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
