package io.anonkit.doctor;

import io.anonkit.http.QlikPaths;
import io.anonkit.identity.IdentityPolicy;
import io.anonkit.log.SafeText;
import io.anonkit.proxy.UpstreamConnector;
import io.anonkit.proxy.UpstreamHeaders;
import io.anonkit.session.SessionCookies;
import io.anonkit.settings.AccessSettings;
import io.anonkit.settings.CookieSecure;
import io.anonkit.settings.SameSite;
import io.anonkit.settings.Settings;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Checks a deployment live, the way the tutorial's troubleshooting list does by hand, and says what to fix. Questions
 * only the kit may ask (reachability, who the identity is, what the shared user sees) go to the upstream directly,
 * with the kit's TLS settings and identity; the others go through the kit's own {@code /qlik/} mount on its own
 * connector, with the public host, so they see exactly what a visitor's browser would.
 *
 * <ol>
 *   <li>{@code reachable}: the upstream answers, over trusted TLS;</li>
 *   <li>{@code qps-user}: {@code GET /qps/user}, asked of Qlik directly with the kit's identity (the kit does not
 *       open it to visitors), answers with that identity;</li>
 *   <li>{@code session-cookie}: Qlik's session cookie has a name the kit forwards and safe flags;</li>
 *   <li>{@code csrf-token}: {@code /qps/csrftoken} hands out the WebSocket token;</li>
 *   <li>{@code qlik-embed}: {@code /qlik-embed/main.js} is served;</li>
 *   <li>{@code host-allow-list}: the public host passes the kit's and Qlik's host checks (an engine WebSocket
 *       handshake to the first allowed app with the public origin);</li>
 *   <li>{@code loader}: the qlik-embed loader pages use can be fetched;</li>
 *   <li>{@code shared-user}: asked of Qlik's repository API directly (the kit's mount refuses it to visitors), how
 *       many apps and streams the shared user can see, warned about when more apps than visitors may open; the
 *       session the question opens is logged out at once, so it does not count against the user's 5.</li>
 * </ol>
 */
public final class Doctor {
    /** Longest any one check waits. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;
    private final URI kit;
    private final String publicHost;
    private final String publicOrigin;
    private final String loaderPath;

    /**
     * A doctor for {@code settings}.
     *
     * @param kit          the kit's own connector and context path, such as {@code http://127.0.0.1:8080/ctx}
     * @param publicHost   the {@code Host} visitors send, such as {@code www.example.com}
     * @param publicOrigin the origin of the kit's pages, such as {@code https://www.example.com}
     * @param loaderPath   the path of the bundled loader below the context path
     */
    public Doctor(Settings settings, URI kit, String publicHost, String publicOrigin, String loaderPath) {
        this.settings = settings;
        this.kit = kit;
        this.publicHost = publicHost;
        this.publicOrigin = publicOrigin;
        this.loaderPath = loaderPath;
    }

    /** Runs every check, in order. */
    public List<Finding> run() throws Exception {
        List<Finding> findings = new ArrayList<>();
        if (settings.upstream().isEmpty()) {
            findings.add(Finding.fail(
                    Check.REACHABLE,
                    "no upstream is set",
                    "set upstream to the virtual proxy URL with its prefix, such as https://qlik.example.com/anon"));
            return findings;
        }
        HttpClient upstream = new HttpClient(new HttpClientTransportOverHTTP(UpstreamConnector.of(settings)));
        ClientConnector own = new ClientConnector();
        own.setSslContextFactory(new SslContextFactory.Client(true));
        HttpClient loopback = new HttpClient(new HttpClientTransportOverHTTP(own));
        for (HttpClient client : List.of(upstream, loopback)) {
            client.setFollowRedirects(false);
            client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
            client.start();
        }
        try {
            findings.add(reachable(upstream));
            findings.add(qpsUser(upstream));
            ContentResponse csrf =
                    get(loopback, QlikPaths.MOUNT + QlikPaths.CSRF_TOKEN).orElse(null);
            findings.add(sessionCookie(csrf));
            findings.add(csrfToken(csrf));
            findings.add(qlikEmbed(
                    get(loopback, QlikPaths.MOUNT + QlikPaths.QLIK_EMBED_MAIN).orElse(null)));
            findings.add(hostAllowList(csrf == null ? null : csrf.getHeaders().get(QlikPaths.CSRF_TOKEN_NAME)));
            findings.add(loader(settings.embed().loaderUrl().isPresent() ? upstream : loopback));
            findings.addAll(sharedUser(upstream));
        } finally {
            upstream.stop();
            loopback.stop();
        }
        return findings;
    }

    private Optional<ContentResponse> get(HttpClient client, String path) {
        try {
            return Optional.of(client.newRequest(kit.toString() + path)
                    .headers(h -> h.put(HttpHeader.HOST, publicHost))
                    .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .send());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    private Finding reachable(HttpClient client) {
        URI upstream = settings.upstream().orElseThrow();
        try {
            ContentResponse response = client.newRequest(upstream.toString() + QlikPaths.CSRF_TOKEN)
                    .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .send();
            List<String> cookies = response.getHeaders().getValuesList(HttpHeader.SET_COOKIE).stream()
                    .map(SessionCookies::qlikSessionPair)
                    .flatMap(Optional::stream)
                    .toList();
            String key = xrfkey();
            logOut(client, upstream.toString(), key, HttpFields.EMPTY, new ArrayList<>(cookies));
            String detail = upstream + " answered " + response.getStatus();
            if (upstream.getScheme().equals("http")) {
                return Finding.warn(
                        Check.REACHABLE,
                        detail + " over plain http",
                        "use https to Qlik unless the kit and Qlik" + " share a private network");
            }
            return Finding.pass(Check.REACHABLE, detail + " over TLS the kit trusts");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(Check.REACHABLE, "interrupted", "run the doctor again");
        } catch (TimeoutException e) {
            return Finding.fail(
                    Check.REACHABLE,
                    upstream + " did not answer within " + TIMEOUT.toSeconds() + " s",
                    "check that a firewall lets the kit reach Qlik's proxy port");
        } catch (ExecutionException e) {
            Throwable cause = rootCause(e);
            String detail = cause.getClass().getSimpleName() + ": " + SafeText.quote(cause.getMessage());
            if (cause instanceof SSLException || hasCause(e, SSLException.class)) {
                return Finding.fail(
                        Check.REACHABLE,
                        "TLS to " + upstream + " failed: " + detail,
                        "put the certificate of"
                                + " Qlik's server (or its CA) in a PKCS12 trust store and set trustStore and trustStorePassword;"
                                + " use the host name the certificate names");
            }
            if (cause instanceof UnknownHostException) {
                return Finding.fail(Check.REACHABLE, "unknown host: " + detail, "check the host name in upstream");
            }
            if (cause instanceof ConnectException) {
                return Finding.fail(
                        Check.REACHABLE,
                        "cannot connect: " + detail,
                        "check the host and port in upstream, and"
                                + " that a firewall lets the kit reach Qlik's proxy");
            }
            return Finding.fail(Check.REACHABLE, detail, "check upstream and the network between the kit and Qlik");
        }
    }

    /**
     * Asks Qlik directly who the kit's identity is: {@code /qps/user} is not open to visitors, so not through the kit.
     * The session the question opens is logged out at once.
     */
    private Finding qpsUser(HttpClient client) {
        Optional<IdentityPolicy.InjectedHeader> identity = IdentityPolicy.injected(
                settings, settings.sessions().userIds(settings.userId()).get(0));
        String key = xrfkey();
        String base = settings.upstream().orElseThrow().toString();
        HttpFields headers = UpstreamHeaders.forKitRequest(settings, publicHost, identity);
        List<String> cookies = new ArrayList<>();
        try {
            return qpsUser(ask(client, "GET", base + QlikPaths.QPS_USER + "?xrfkey=" + key, key, headers, cookies));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(Check.QPS_USER, "interrupted", "run the doctor again");
        } catch (ExecutionException | TimeoutException e) {
            return Finding.fail(Check.QPS_USER, "no answer from Qlik", "fix the reachability check first");
        } finally {
            logOut(client, base, key, headers, cookies);
        }
    }

    private Finding qpsUser(ContentResponse response) {
        int status = response.getStatus();
        String contentType = String.valueOf(response.getMediaType()).toLowerCase(Locale.ROOT);
        if (status == 200 && contentType.contains("json")) {
            try (var reader = Json.createReader(new StringReader(response.getContentAsString()))) {
                JsonObject user = reader.readObject();
                String userId = user.getString("userId", "");
                String directory = user.getString("userDirectory", "");
                if (!expectedUser(userId)) {
                    return Finding.fail(
                            Check.QPS_USER,
                            "Qlik sees user " + SafeText.quote(directory + "\\" + userId),
                            "the virtual proxy did not take the kit's identity: set its authentication method to header"
                                    + " authentication with header name " + settings.identityHeader());
                }
                if (!directory.isEmpty() && !directory.equalsIgnoreCase(settings.userDirectory())) {
                    return Finding.warn(
                            Check.QPS_USER,
                            "Qlik sees user " + SafeText.quote(directory + "\\" + userId),
                            "the virtual proxy's user directory differs from the kit's userDirectory "
                                    + SafeText.quote(settings.userDirectory()) + "; make them equal so licence and"
                                    + " security rules match");
                }
                return Finding.pass(
                        Check.QPS_USER,
                        "Qlik sees user " + SafeText.quote((directory.isEmpty() ? "" : directory + "\\") + userId));
            } catch (JsonException | ClassCastException e) {
                return Finding.fail(
                        Check.QPS_USER,
                        "the answer is not Qlik's user document",
                        "check that upstream" + " points at a Qlik virtual proxy");
            }
        }
        String body = SafeText.quote(response.getContentAsString().strip());
        return switch (status) {
            case 301, 302, 303, 307, 401 ->
                Finding.fail(
                        Check.QPS_USER,
                        "Qlik asked for a login (" + status + ")",
                        "set the virtual proxy's authentication method to header authentication with header name "
                                + settings.identityHeader() + ", and check the prefix in upstream");
            case 403 ->
                Finding.fail(
                        Check.QPS_USER,
                        "Qlik refused the user (403)",
                        "give the user "
                                + settings.userDirectory() + "\\" + settings.userId()
                                + " access: an Analyzer Capacity or login"
                                + " access rule, and at most 5 parallel sessions (use the session pool)");
            default ->
                Finding.fail(
                        Check.QPS_USER,
                        "Qlik answered " + status + ": " + body,
                        "see the reachability" + " check and the kit's log");
        };
    }

    private boolean expectedUser(String userId) {
        return settings.sessions().userIds(settings.userId()).contains(userId);
    }

    private Finding sessionCookie(ContentResponse response) {
        if (response == null || response.getStatus() >= 300) {
            return Finding.fail(
                    Check.SESSION_COOKIE,
                    "no session: /qps/csrftoken through the kit answered "
                            + (response == null ? "nothing" : response.getStatus()),
                    "fix the qps-user check first");
        }
        List<String> cookies = response.getHeaders().getFields(HttpHeader.SET_COOKIE).stream()
                .map(HttpField::getValue)
                .toList();
        List<String> problems = new ArrayList<>();
        boolean qlikCookie = false;
        for (String cookie : cookies) {
            String name = cookie.substring(0, Math.max(0, cookie.indexOf('='))).trim();
            String lower = cookie.toLowerCase(Locale.ROOT);
            if (!SessionCookies.isQlikSession(name)) {
                problems.add(
                        "cookie " + SafeText.quote(name) + " is not named X-Qlik-Session…, so the kit never sends"
                                + " it back to Qlik; set the virtual proxy's session cookie header name to X-Qlik-Session-<prefix>");
                continue;
            }
            qlikCookie = true;
            if (!lower.contains("httponly")) {
                problems.add(name + " lacks HttpOnly");
            }
            boolean secureExpected =
                    settings.cookieSecure() == CookieSecure.ALWAYS || publicOrigin.startsWith("https:");
            if (secureExpected && !lower.contains("secure")) {
                problems.add(name + " lacks Secure although the kit is served over https");
            }
            if (settings.cookieSameSite() != SameSite.KEEP
                    && !lower.contains(
                            "samesite=" + settings.cookieSameSite().text().toLowerCase(Locale.ROOT))) {
                problems.add(
                        name + " lacks SameSite=" + settings.cookieSameSite().text());
            }
        }
        if (!problems.isEmpty()) {
            return Finding.fail(Check.SESSION_COOKIE, String.join("; ", problems), "see the detail");
        }
        if (qlikCookie) {
            return Finding.pass(
                    Check.SESSION_COOKIE,
                    "browsers get " + cookies.size() + " Qlik session cookie(s) with HttpOnly"
                            + " and the configured Secure and SameSite");
        }
        if (settings.sessions().pooled(settings.identityMode())) {
            return Finding.pass(
                    Check.SESSION_COOKIE,
                    "the session pool keeps Qlik's session cookies in the kit; browsers get none");
        }
        return Finding.warn(
                Check.SESSION_COOKIE,
                "Qlik set no session cookie through the kit",
                "check the virtual proxy's" + " session cookie header name (X-Qlik-Session-<prefix>)");
    }

    private Finding csrfToken(ContentResponse response) {
        if (response == null) {
            return Finding.fail(Check.CSRF_TOKEN, "no answer through the kit", "fix the reachability check first");
        }
        if (response.getStatus() == 200 && response.getHeaders().get(QlikPaths.CSRF_TOKEN_NAME) != null) {
            return Finding.pass(Check.CSRF_TOKEN, "token received");
        }
        if (response.getStatus() == 404) {
            return Finding.warn(
                    Check.CSRF_TOKEN,
                    "404: this Qlik release has no CSRF token endpoint",
                    "none needed before the November 2024 release; after upgrading, it must answer");
        }
        return Finding.fail(
                Check.CSRF_TOKEN,
                "answered " + response.getStatus() + " without a qlik-csrf-token header",
                "check the virtual proxy's authentication (see qps-user)");
    }

    private Finding qlikEmbed(ContentResponse response) {
        if (response == null) {
            return Finding.fail(Check.QLIK_EMBED, "no answer through the kit", "fix the reachability check first");
        }
        String type = String.valueOf(response.getMediaType()).toLowerCase(Locale.ROOT);
        if (response.getStatus() == 200 && type.contains("javascript")) {
            return Finding.pass(Check.QLIK_EMBED, response.getContent().length + " bytes of " + type);
        }
        if (response.getStatus() == 404) {
            return Finding.fail(
                    Check.QLIK_EMBED,
                    "404",
                    "this Qlik Sense release does not serve qlik-embed; upgrade Qlik"
                            + " Sense Enterprise to a release with qlik-embed support");
        }
        return Finding.fail(
                Check.QLIK_EMBED,
                "answered " + response.getStatus() + " " + type,
                "check the virtual proxy's authentication (see qps-user)");
    }

    private Finding hostAllowList(String csrfToken) {
        String host = publicHost.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!settings.allowedHosts().isEmpty() && !settings.allowedHosts().contains(host)) {
            return Finding.fail(
                    Check.HOST_ALLOW_LIST,
                    "the kit's allowedHosts " + settings.allowedHosts() + " lack " + host,
                    "add " + host + " to allowedHosts");
        }
        boolean open = settings.access().profile() == AccessSettings.Profile.OPEN;
        if (!open && settings.allowedApps().isEmpty()) {
            return Finding.fail(
                    Check.HOST_ALLOW_LIST,
                    "no app is open to visitors, so the kit refuses every engine" + " WebSocket",
                    "set allowedApps (or appId) to the ids of the embedded apps");
        }
        String app = open && settings.allowedApps().isEmpty()
                ? QlikPaths.ENGINE_DATA
                : "/app/" + settings.allowedApps().get(0);
        String path = kit.getRawPath()
                + QlikPaths.MOUNT
                + app
                + (csrfToken == null
                        ? ""
                        : "?qlik-csrf-token="
                                + java.net.URLEncoder.encode(csrfToken, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int status = Loopback.webSocketHandshake(kit, path, publicHost, publicOrigin, TIMEOUT);
            if (status == 101) {
                return Finding.pass(
                        Check.HOST_ALLOW_LIST, "Qlik opened an engine WebSocket from origin " + publicOrigin);
            }
            if (status == 403) {
                return Finding.fail(
                        Check.HOST_ALLOW_LIST,
                        "Qlik refused the engine WebSocket from origin " + publicOrigin + " (403)",
                        "add " + host + " to the virtual proxy's Host allow list");
            }
            return Finding.warn(
                    Check.HOST_ALLOW_LIST,
                    "the engine WebSocket handshake answered " + status,
                    "see the qps-user and csrf-token checks");
        } catch (IOException e) {
            return Finding.fail(
                    Check.HOST_ALLOW_LIST,
                    "no WebSocket answer: " + SafeText.quote(e.getMessage()),
                    "see the kit's log");
        }
    }

    private Finding loader(HttpClient client) {
        Optional<URI> cdn = settings.embed().loaderUrl();
        String target = cdn.map(URI::toString).orElse(kit + loaderPath);
        try {
            var request = client.newRequest(target).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (cdn.isEmpty()) {
                request.headers(h -> h.put(HttpHeader.HOST, publicHost));
            }
            ContentResponse response = request.send();
            if (response.getStatus() == 200) {
                return Finding.pass(Check.LOADER, (cdn.isPresent() ? target : "the bundled loader") + " answered 200");
            }
            return cdn.isPresent()
                    ? Finding.warn(
                            Check.LOADER,
                            target + " answered " + response.getStatus(),
                            "check loaderUrl, or" + " leave it empty to serve the bundled loader")
                    : Finding.fail(
                            Check.LOADER, "the bundled loader answered " + response.getStatus(), "redeploy the WAR");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(Check.LOADER, "interrupted", "run the doctor again");
        } catch (ExecutionException | TimeoutException e) {
            return Finding.warn(
                    Check.LOADER,
                    "the kit cannot fetch " + target + ": "
                            + SafeText.quote(rootCause(e).getMessage()),
                    "browsers may still reach it; if not, leave loaderUrl empty to serve the bundled loader");
        }
    }

    /** The shared user's view of the repository: its apps and streams, and the analytic connections it could call. */
    private List<Finding> sharedUser(HttpClient client) {
        Optional<IdentityPolicy.InjectedHeader> identity = IdentityPolicy.injected(
                settings, settings.sessions().userIds(settings.userId()).get(0));
        if (identity.isEmpty()) {
            return List.of(
                    Finding.pass(Check.SHARED_USER, "no shared user: Qlik's own anonymous users apply"),
                    analyticConnections(Optional.empty()));
        }
        String key = xrfkey();
        String base = settings.upstream().orElseThrow().toString();
        HttpFields headers = UpstreamHeaders.forKitRequest(settings, publicHost, identity);
        List<String> cookies = new ArrayList<>();
        try {
            ContentResponse apps = ask(client, "GET", base + "/qrs/app/count?xrfkey=" + key, key, headers, cookies);
            if (apps.getStatus() == 401 || apps.getStatus() == 403) {
                return List.of(
                        Finding.pass(
                                Check.SHARED_USER,
                                "Qlik refuses the shared user its repository API (" + apps.getStatus() + ")"),
                        analyticConnections(Optional.empty()));
            }
            ContentResponse streams =
                    ask(client, "GET", base + "/qrs/stream/count?xrfkey=" + key, key, headers, cookies);
            ContentResponse connections =
                    ask(client, "GET", base + "/qrs/analyticconnection/count?xrfkey=" + key, key, headers, cookies);
            return List.of(appsAndStreams(apps, streams), analyticConnections(count(connections)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(Finding.fail(Check.SHARED_USER, "interrupted", "run the doctor again"));
        } catch (ExecutionException | TimeoutException e) {
            return List.of(
                    Finding.warn(
                            Check.SHARED_USER,
                            "no answer from Qlik's repository API: "
                                    + SafeText.quote(rootCause(e).getMessage()),
                            "see the reachability check"),
                    analyticConnections(Optional.empty()));
        } finally {
            logOut(client, base, key, headers, cookies);
        }
    }

    private Finding appsAndStreams(ContentResponse apps, ContentResponse streams) {
        Optional<Integer> appCount = count(apps);
        Optional<Integer> streamCount = count(streams);
        if (appCount.isEmpty() || streamCount.isEmpty()) {
            return Finding.warn(
                    Check.SHARED_USER,
                    "Qlik's repository API answered " + apps.getStatus() + " and " + streams.getStatus()
                            + " without a count",
                    "check the security rules of the shared user by" + " hand (see the QMC checklist)");
        }
        int allowed = settings.allowedApps().size();
        String detail = "the shared user sees " + appCount.get() + " app(s) in " + streamCount.get() + " stream(s)";
        if (appCount.get() > allowed) {
            return Finding.warn(
                    Check.SHARED_USER,
                    detail + ", more than the " + allowed + " app(s) visitors may open",
                    "restrict its security rules to the streams and apps of the embedded analytics (see the"
                            + " checklist's security rules); the kit refuses other apps, Qlik should too");
        }
        return Finding.pass(Check.SHARED_USER, detail);
    }

    /**
     * What the kit does about analytic connections, with their count where Qlik told it: calls of connections the site
     * does not list are refused, so a count is a warning only where the site lists some.
     */
    private Finding analyticConnections(Optional<Integer> count) {
        List<String> allowed = settings.engine().allowedAnalyticConnections();
        String kit = allowed.isEmpty()
                ? "the kit refuses every call of an analytic connection in visitors' expressions"
                : "the kit lets visitors' expressions call " + String.join(", ", allowed) + " and refuses the others";
        if (count.isEmpty()) {
            return Finding.pass(
                    Check.ANALYTIC_CONNECTIONS, "Qlik did not say how many analytic connections it has; " + kit);
        }
        if (count.get() == 0) {
            return Finding.pass(Check.ANALYTIC_CONNECTIONS, "Qlik has no analytic connection; " + kit);
        }
        String detail = "Qlik has " + count.get() + " analytic connection(s) (server-side extensions such as R or"
                + " Python, which run code on their hosts); " + kit;
        return allowed.isEmpty()
                ? Finding.pass(Check.ANALYTIC_CONNECTIONS, detail)
                : Finding.warn(
                        Check.ANALYTIC_CONNECTIONS,
                        detail,
                        "every visitor can run what those connections run:"
                                + " list only the connections the embedded charts call, and keep their scripts fixed on the"
                                + " plugin's side where the plugin allows it");
    }

    private static ContentResponse ask(
            HttpClient client, String method, String url, String key, HttpFields headers, List<String> cookies)
            throws InterruptedException, ExecutionException, TimeoutException {
        ContentResponse response = client.newRequest(url)
                .method(method)
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    headers.forEach(h::put);
                    h.put("X-Qlik-Xrfkey", key);
                    if (!cookies.isEmpty()) {
                        h.put(HttpHeader.COOKIE, UpstreamHeaders.cookie(cookies));
                    }
                })
                .send();
        if (cookies.isEmpty()) {
            response.getHeaders().getValuesList(HttpHeader.SET_COOKIE).stream()
                    .map(SessionCookies::qlikSessionPair)
                    .flatMap(Optional::stream)
                    .forEach(cookies::add);
        }
        return response;
    }

    /** Ends the session the doctor's questions opened, so it does not count against the shared user's 5. */
    private static void logOut(HttpClient client, String base, String key, HttpFields headers, List<String> cookies) {
        if (cookies.isEmpty()) {
            return;
        }
        try {
            ask(client, "DELETE", base + QlikPaths.QPS_USER + "?xrfkey=" + key, key, headers, cookies);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The session times out in Qlik after its inactivity timeout.
        }
    }

    private static Optional<Integer> count(ContentResponse response) {
        if (response.getStatus() != 200) {
            return Optional.empty();
        }
        try (var reader = Json.createReader(new StringReader(response.getContentAsString()))) {
            return Optional.ofNullable(reader.readObject().getJsonNumber("value"))
                    .map(n -> n.intValue());
        } catch (JsonException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String xrfkey() {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder key = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            key.append(letters.charAt(random.nextInt(letters.length())));
        }
        return key.toString();
    }

    private static Throwable rootCause(Throwable e) {
        return io.anonkit.http.Causes.root(e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        return io.anonkit.http.Causes.find(e, type).isPresent();
    }
}
