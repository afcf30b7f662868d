package io.anonkit.settings;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable, validated snapshot of the kit's run-time settings. Build it with {@link SettingsParser#parse}; every
 * field here has already been checked, so consumers never re-parse strings.
 *
 * @param upstream           the virtual proxy base URL with its prefix and without a trailing slash, if configured
 * @param identityMode       how the identity is injected
 * @param identityHeader     the header name used in the header modes
 * @param identityPattern    the {@code header-dynamic} pattern with {@code $ud} and {@code $id}
 * @param userDirectory      the user directory of the shared identity
 * @param userId             the user id of the shared identity
 * @param hostHeader         which Host header the upstream receives
 * @param allowedHosts       lower-case host names the proxy mount answers to; empty allows any
 * @param connectTimeout     time allowed to connect to the upstream
 * @param idleTimeout        time the upstream may stay silent during an exchange
 * @param cookieSecure       when rewritten cookies are marked Secure
 * @param cookieSameSite     the SameSite attribute of rewritten cookies
 * @param unusualHeaderNames what happens to request headers with unusual names
 * @param trustStore         the trust store for the upstream's certificate; empty uses the JVM's
 * @param webSocket          how WebSocket tunnels behave
 * @param sessions           how upstream Qlik sessions and engine identities are shared
 * @param embed              what pages need to embed Qlik through the kit
 * @param access             what visitors may reach through the gateway
 * @param clients            who a client is, and how much one client may use
 * @param engine             how the engine firewall treats visitor messages
 */
public record Settings(
        Optional<URI> upstream,
        IdentityMode identityMode,
        String identityHeader,
        String identityPattern,
        String userDirectory,
        String userId,
        HostHeader hostHeader,
        List<String> allowedHosts,
        Duration connectTimeout,
        Duration idleTimeout,
        CookieSecure cookieSecure,
        SameSite cookieSameSite,
        UnusualHeaderNames unusualHeaderNames,
        Optional<TrustStore> trustStore,
        WebSocketSettings webSocket,
        SessionSettings sessions,
        EmbedSettings embed,
        AccessSettings access,
        ClientSettings clients,
        EngineSettings engine,
        CacheSettings cache) {

    /** Copies the list so the record stays immutable. */
    public Settings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /**
     * The ids of the apps whose engine visitors may open: {@code anonkit.allowed.apps}, or the default app id when that
     * is empty; empty when neither is set, and then no engine WebSocket is accepted outside the {@code open} profile.
     */
    public List<String> allowedApps() {
        if (!access.allowedApps().isEmpty()) {
            return access.allowedApps();
        }
        return embed.appId().isEmpty() ? List.of() : List.of(embed.appId());
    }

    /** The upstream setting that asks for the built-in inspection upstream instead of Qlik. */
    public static final String INSPECTION_TEXT = "inspect:";
    /**
     * The upstream URL that stands for the inspection upstream: the kit answers requests for it itself and never
     * connects to it ({@code .invalid} names no host anywhere).
     */
    public static final URI INSPECTION_UPSTREAM = URI.create("http://inspect.anonkit.invalid/inspect");

    /** Whether the kit answers {@code /qlik/} itself with what it would send to Qlik ({@value #INSPECTION_TEXT}). */
    public boolean inspecting() {
        // Compared as text: URI.equals compares component by component, and this is asked on every request.
        return upstream.isPresent() && upstream.get().toString().equals(INSPECTION_UPSTREAM.toString());
    }

    /** The settings every key's default gives. */
    public static Settings defaults() {
        return SettingsParser.parse(key -> null);
    }

    /**
     * The text form of every run-time setting, as the settings document and {@link SettingsParser#parse} read it;
     * {@code parse(values()::get)} gives back an equal record.
     */
    public Map<SettingKey, String> values() {
        Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        values.put(
                SettingKey.UPSTREAM,
                inspecting() ? INSPECTION_TEXT : upstream.map(URI::toString).orElse(""));
        values.put(SettingKey.IDENTITY_MODE, identityMode.text());
        values.put(SettingKey.IDENTITY_HEADER, identityHeader);
        values.put(SettingKey.IDENTITY_PATTERN, identityPattern);
        values.put(SettingKey.USER_DIRECTORY, userDirectory);
        values.put(SettingKey.USER_ID, userId);
        values.put(SettingKey.HOST_HEADER, hostHeader.text());
        values.put(SettingKey.ALLOWED_HOSTS, String.join(",", allowedHosts));
        values.put(SettingKey.CONNECT_TIMEOUT, DurationText.format(connectTimeout));
        values.put(SettingKey.IDLE_TIMEOUT, DurationText.format(idleTimeout));
        values.put(SettingKey.COOKIE_SECURE, cookieSecure.text());
        values.put(SettingKey.COOKIE_SAMESITE, cookieSameSite.text());
        values.put(SettingKey.UNUSUAL_HEADER_NAMES, unusualHeaderNames.text());
        values.put(
                SettingKey.TRUSTSTORE, trustStore.map(t -> t.path().toString()).orElse(""));
        values.put(
                SettingKey.TRUSTSTORE_PASSWORD,
                trustStore.map(TrustStore::password).orElse(""));
        values.put(
                SettingKey.TRUSTSTORE_TYPE,
                trustStore.map(t -> t.type().text()).orElse(SettingKey.TRUSTSTORE_TYPE.defaultValue()));
        values.put(SettingKey.WEBSOCKET_ORIGIN, webSocket.origin().orElse(""));
        values.put(SettingKey.WEBSOCKET_IDLE_TIMEOUT, DurationText.format(webSocket.idleTimeout()));
        values.put(SettingKey.SESSION_POOL, sessions.pool().text());
        values.put(SettingKey.SESSION_POOL_SIZE, String.valueOf(sessions.poolSize()));
        values.put(SettingKey.USER_ID_COUNT, String.valueOf(sessions.userIdCount()));
        values.put(SettingKey.SELECTION_SCOPE, sessions.selectionScope().text());
        values.put(SettingKey.PUBLIC_URL, embed.publicUrl().map(URI::toString).orElse(""));
        values.put(SettingKey.ALLOWED_ORIGINS, String.join(",", embed.allowedOrigins()));
        values.put(SettingKey.LOADER_URL, embed.loaderUrl().map(URI::toString).orElse(""));
        values.put(SettingKey.APP_ID, embed.appId());
        values.put(SettingKey.DEMO_OBJECT_ID, embed.demoObjectId());
        values.put(SettingKey.DEMO_SHEET_ID, embed.demoSheetId());
        values.put(SettingKey.DEMO_FIELD_ID, embed.demoFieldId());
        values.put(SettingKey.ACCESS_PROFILE, access.profile().text());
        values.put(SettingKey.ENFORCEMENT, access.enforcement().text());
        values.put(
                SettingKey.EXTRA_PATHS,
                String.join(
                        ",", access.extraPaths().stream().map(PathRule::text).toList()));
        values.put(SettingKey.ALLOWED_APPS, String.join(",", access.allowedApps()));
        values.put(
                SettingKey.TRUSTED_PROXIES,
                String.join(
                        ",",
                        clients.trustedProxies().stream()
                                .map(AddressRange::text)
                                .toList()));
        values.put(SettingKey.TUNNELS_PER_CLIENT, String.valueOf(clients.tunnelsPerClient()));
        values.put(SettingKey.TUNNELS_PER_MINUTE, String.valueOf(clients.tunnelsPerMinute()));
        values.put(SettingKey.REQUESTS_PER_SECOND, String.valueOf(clients.requestsPerSecond()));
        values.put(SettingKey.REQUEST_BURST, String.valueOf(clients.requestBurst()));
        values.put(SettingKey.MAX_TUNNELS, String.valueOf(clients.maxTunnels()));
        values.put(SettingKey.IDENTITIES_PER_HOUR, String.valueOf(clients.identitiesPerHour()));
        values.put(SettingKey.SHARED_SELECTIONS, engine.sharedSelections().text());
        values.put(SettingKey.ALLOWED_BOOKMARKS, String.join(",", engine.allowedBookmarks()));
        values.put(SettingKey.ENGINE_MAX_MESSAGE, String.valueOf(engine.maxMessage()));
        values.put(SettingKey.ENGINE_MAX_DEPTH, String.valueOf(engine.maxDepth()));
        values.put(SettingKey.ENGINE_MESSAGES_PER_SECOND, String.valueOf(engine.messagesPerSecond()));
        values.put(SettingKey.ENGINE_MESSAGE_BURST, String.valueOf(engine.messageBurst()));
        values.put(SettingKey.ENGINE_MAX_PENDING, String.valueOf(engine.maxPending()));
        values.put(SettingKey.ALLOWED_ANALYTIC_CONNECTIONS, String.join(",", engine.allowedAnalyticConnections()));
        values.put(SettingKey.ENGINE_SESSIONS, String.valueOf(engine.sessionBudget()));
        values.put(SettingKey.ENGINE_SESSION_LINGER, DurationText.format(engine.sessionLinger()));
        values.put(SettingKey.CACHE_SIZE, CacheSettings.format(cache.maxBytes()));
        values.put(SettingKey.CACHE_MIN_TTL, DurationText.format(cache.minTtl()));
        return values;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Settings[");
        values().forEach((key, value) -> out.append(key.documentKey())
                .append('=')
                .append(key.displayValue(value))
                .append(", "));
        out.setLength(out.length() - 2);
        return out.append(']').toString();
    }
}
