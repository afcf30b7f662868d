package io.anonkit.admin;

import io.anonkit.settings.IdentityMode;
import io.anonkit.settings.SameSite;
import io.anonkit.settings.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What to enter in the QMC's virtual proxy for the kit's current settings, field by field, in the order of the QMC's
 * edit page; each item says why where the reason is not obvious.
 */
final class QmcChecklist {
    private QmcChecklist() {}

    /**
     * One QMC field.
     *
     * @param field the QMC label, such as {@code Header authentication header name}
     * @param value what to enter; several lines where the QMC takes several
     * @param note  why, or what else to check; empty when there is nothing to add
     */
    record Item(String field, String value, String note) {}

    /**
     * The checklist for {@code settings}.
     *
     * @param requestHost the host name the admin reached the kit with, used when no public URL is set
     */
    static List<Item> of(Settings settings, String requestHost) {
        List<Item> items = new ArrayList<>();
        String prefix = prefix(settings);
        items.add(new Item("Description", "qlik-anon-kit anonymous embedding", ""));
        items.add(new Item("Prefix", prefix.isEmpty() ? "(none)" : prefix, prefixNote(settings, prefix)));
        items.add(new Item(
                "Session inactivity timeout (minutes)",
                "30",
                "Qlik's default; visitors idle longer get a new session from the kit's pool"));
        items.add(
                new Item(
                        "Session cookie header name",
                        "X-Qlik-Session-" + (prefix.isEmpty() ? "anon" : prefix),
                        "must start with X-Qlik-Session: the kit forwards only those cookies to Qlik; unique per virtual proxy"));
        IdentityMode mode = settings.identityMode();
        items.add(new Item(
                "Anonymous access mode",
                mode == IdentityMode.NONE ? "Always anonymous user" : "No anonymous user",
                mode == IdentityMode.NONE
                        ? "the kit injects no identity, so Qlik's own anonymous users apply"
                        : "the kit provides the identity on every request"));
        switch (mode) {
            case HEADER_STATIC -> {
                items.add(new Item("Authentication method", "Header authentication static user directory", ""));
                items.add(new Item("Header authentication header name", settings.identityHeader(), ""));
                items.add(new Item(
                        "Header authentication static user directory",
                        settings.userDirectory(),
                        "the header carries the user id " + userIds(settings)));
            }
            case HEADER_DYNAMIC -> {
                items.add(new Item("Authentication method", "Header authentication dynamic user directory", ""));
                items.add(new Item("Header authentication header name", settings.identityHeader(), ""));
                items.add(new Item(
                        "Header authentication dynamic user directory",
                        settings.identityPattern(),
                        "the kit sends the pattern with $ud = " + settings.userDirectory() + " and $id = "
                                + userIds(settings)));
            }
            case X_QLIK_USER ->
                items.add(new Item(
                        "Authentication method",
                        "(not a virtual proxy setting)",
                        "X-Qlik-User is honoured only from callers Qlik trusts by client certificate"));
            case NONE ->
                items.add(new Item("Authentication method", "Ticket", "with anonymous access, no header is needed"));
            default -> throw new IllegalStateException("unknown identity mode " + mode);
        }
        items.add(new Item(
                "Load balancing nodes",
                "the engine node(s) that serve the embedded apps",
                "without one, apps cannot open"));
        items.add(new Item(
                "Host allow list",
                String.join("\n", allowList(settings, requestHost)),
                "one bare host name per line (no scheme, port or path): the kit's public host, the hosts it answers"
                        + " to, and the sites in allowedOrigins; Qlik checks WebSocket origins against them"));
        items.add(new Item(
                "Additional response headers",
                responseHeaders(settings),
                settings.embed().allowedOrigins().size() > 1
                        ? "browsers accept one Access-Control-Allow-Origin value: use one virtual proxy (and one"
                                + " kit setting) per embedding site"
                        : settings.embed().allowedOrigins().isEmpty()
                                ? "pages and the kit share an origin, so no CORS headers are needed"
                                : ""));
        boolean https =
                settings.upstream().map(URI::getScheme).filter("https"::equals).isPresent();
        String transport = https ? "HTTPS" : "HTTP";
        items.add(new Item(
                "SameSite attribute (" + transport + ")",
                sameSite(settings),
                "the kit rewrites Qlik's cookies for browsers with SameSite="
                        + settings.cookieSameSite().text()));
        items.add(new Item(
                "Secure attribute (" + transport + ")",
                https ? "on" : "off",
                https ? "" : "plain http to Qlik: use https unless the kit and Qlik share a private network"));
        items.add(new Item(
                "Extended security environment",
                "off",
                "behind the kit all visitors share one address and one shared identity"));
        items.add(new Item(
                "Associated items",
                "Link the virtual proxy to the proxy service(s) that serve it and to the" + " Central proxy",
                "an unlinked virtual proxy answers 400 \"The http request header is incorrect\";"
                        + " the proxy restarts 10 to 30 s after each edit"));
        items.add(new Item(
                "Firewall",
                "Only the kit may reach the virtual proxy",
                "header authentication trusts" + " anyone who can send the header " + settings.identityHeader()));
        items.addAll(SharedUserRules.of(settings));
        return items;
    }

    private static String prefix(Settings settings) {
        String path = settings.upstream().map(URI::getRawPath).orElse("");
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static String prefixNote(Settings settings, String prefix) {
        if (settings.upstream().isEmpty()) {
            return "set the kit's upstream to https://<qlik-host>/<prefix> first";
        }
        if (prefix.isEmpty()) {
            return "the upstream has no prefix, so it points at the default virtual proxy; create a virtual proxy for"
                    + " the kit and add its prefix to the upstream";
        }
        if (!prefix.matches("[a-z0-9._~-]+")) {
            return "Qlik prefixes have only lower-case letters, digits and . _ ~ - and no '/': change the upstream's path";
        }
        return "the last part of the kit's upstream, " + settings.upstream().get();
    }

    private static String userIds(Settings settings) {
        int count = settings.sessions().userIdCount();
        return count == 1 ? settings.userId() : settings.userId() + "1 to " + settings.userId() + count;
    }

    private static List<String> allowList(Settings settings, String requestHost) {
        Set<String> hosts = new LinkedHashSet<>();
        Optional<String> publicHost = settings.embed().publicUrl().map(URI::getHost);
        hosts.add(publicHost.orElse(bareHost(requestHost)));
        hosts.addAll(settings.allowedHosts());
        settings.embed()
                .allowedOrigins()
                .forEach(origin -> hosts.add(URI.create(origin).getHost()));
        settings.webSocket()
                .origin()
                .ifPresent(origin -> hosts.add(URI.create(origin).getHost()));
        hosts.removeIf(String::isEmpty);
        return List.copyOf(hosts);
    }

    private static String bareHost(String host) {
        if (host == null) {
            return "";
        }
        String lower = host.trim().toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        return colon > lower.lastIndexOf(']') ? lower.substring(0, colon) : lower;
    }

    private static String responseHeaders(Settings settings) {
        List<String> origins = settings.embed().allowedOrigins();
        if (origins.isEmpty()) {
            return "(none)";
        }
        return "Access-Control-Allow-Origin: " + origins.get(0) + "\nAccess-Control-Allow-Credentials: true"
                + "\nAccess-Control-Expose-Headers: qlik-csrf-token";
    }

    private static String sameSite(Settings settings) {
        SameSite sameSite = settings.cookieSameSite();
        return sameSite == SameSite.KEEP ? "None" : sameSite.text();
    }
}
