package io.anonkit.settings;

import io.anonkit.log.SafeText;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting the kit knows, with its three spellings: the environment variable ({@code ANONKIT_UPSTREAM}), the Java
 * system property and servlet context parameter ({@code anonkit.upstream}), and the key of the settings document
 * ({@code upstream}). Defaults live here and nowhere else.
 *
 * <p>This class has no dependencies beyond the JDK, so the standalone launcher can read its own keys with it.
 */
public enum SettingKey {
    /** Virtual proxy base URL including its prefix; no default (the mount then answers 503). */
    UPSTREAM("upstream", "", Scope.RUNTIME, false, Type.TEXT),
    /** How the identity is injected: {@code header-static}, {@code header-dynamic}, {@code x-qlik-user} or {@code none}. */
    IDENTITY_MODE("identity.mode", "identityMode", "header-static", Scope.RUNTIME, false, Type.ONE_OF),
    /** Header name read by a header-authentication virtual proxy. */
    IDENTITY_HEADER("identity.header", "identityHeader", "hdr-usr", Scope.RUNTIME, false, Type.TEXT),
    /** Pattern of the {@code header-dynamic} value; {@code $ud} and {@code $id} are replaced. */
    IDENTITY_PATTERN("identity.pattern", "identityPattern", "$ud\\$id", Scope.RUNTIME, false, Type.TEXT),
    /** User directory of the shared identity. */
    USER_DIRECTORY("user.directory", "userDirectory", "PUBLIC", Scope.RUNTIME, false, Type.TEXT),
    /** User id of the shared identity. */
    USER_ID("user.id", "userId", "anonymous", Scope.RUNTIME, false, Type.TEXT),
    /** Host header sent upstream: {@code client} (preserve the visitor's), {@code upstream}, or a fixed {@code host[:port]}. */
    HOST_HEADER("host.header", "hostHeader", "client", Scope.RUNTIME, false, Type.TEXT),
    /** Comma-separated host names the kit answers to on the proxy mount; empty allows any. */
    ALLOWED_HOSTS("allowed.hosts", "allowedHosts", "", Scope.RUNTIME, false, Type.TEXT),
    /** Time allowed to open a connection to the upstream. */
    CONNECT_TIMEOUT(
            "connect.timeout",
            "connectTimeout",
            "10s",
            Scope.RUNTIME,
            false,
            Type.span(Duration.ofMillis(100), Duration.ofMinutes(5))),
    /** Time the upstream may stay silent in the middle of an exchange before the kit answers 504. */
    IDLE_TIMEOUT(
            "idle.timeout",
            "idleTimeout",
            "60s",
            Scope.RUNTIME,
            false,
            Type.span(Duration.ofSeconds(1), Duration.ofHours(24))),
    /** Secure attribute of rewritten cookies: {@code auto} (when the visitor uses HTTPS), {@code always} or {@code never}. */
    COOKIE_SECURE("cookie.secure", "cookieSecure", "auto", Scope.RUNTIME, false, Type.ONE_OF),
    /** SameSite attribute of rewritten cookies: {@code Lax}, {@code Strict}, {@code None} or {@code keep}. */
    COOKIE_SAMESITE("cookie.samesite", "cookieSameSite", "Lax", Scope.RUNTIME, false, Type.ONE_OF),
    /** What happens to a request header whose name has characters other than letters, digits and '-'. */
    UNUSUAL_HEADER_NAMES("unusual.header.names", "unusualHeaderNames", "drop", Scope.RUNTIME, false, Type.ONE_OF),
    /** Trust store for the upstream's TLS certificate; empty uses the JVM's trust store. */
    TRUSTSTORE("truststore", "trustStore", "", Scope.RUNTIME, false, Type.TEXT),
    /** Password of the trust store. */
    TRUSTSTORE_PASSWORD("truststore.password", "trustStorePassword", "", Scope.RUNTIME, true, Type.TEXT),
    /** Type of the trust store, {@code PKCS12} or {@code JKS}. */
    TRUSTSTORE_TYPE("truststore.type", "trustStoreType", "PKCS12", Scope.RUNTIME, false, Type.ONE_OF),
    /** Origin sent on the upstream WebSocket handshake: empty forwards the visitor's, or a fixed {@code scheme://host[:port]}. */
    WEBSOCKET_ORIGIN("websocket.origin", "webSocketOrigin", "", Scope.RUNTIME, false, Type.TEXT),
    /** Time a WebSocket tunnel may carry no frame in either direction before both sides are closed. */
    WEBSOCKET_IDLE_TIMEOUT(
            "websocket.idle.timeout",
            "webSocketIdleTimeout",
            "60m",
            Scope.RUNTIME,
            false,
            Type.span(Duration.ofSeconds(1), Duration.ofHours(24))),
    /** Server-side pool of Qlik proxy sessions: {@code auto} (on except in the {@code none} mode), {@code on} or {@code off}. */
    SESSION_POOL("session.pool", "sessionPool", "auto", Scope.RUNTIME, false, Type.ONE_OF),
    /** Most Qlik proxy sessions pooled per user id, 1 to 5 (Qlik allows one user 5 parallel sessions). */
    SESSION_POOL_SIZE("session.pool.size", "sessionPoolSize", "5", Scope.RUNTIME, false, Type.whole(1, 5)),
    /** How many user ids share the load: 1 uses the user id as it is, K uses {@code <userId>1} to {@code <userId>K}. */
    USER_ID_COUNT("user.id.count", "userIdCount", "1", Scope.RUNTIME, false, Type.whole(1, 1000)),
    /** Who shares an engine session, and so its selections: {@code shared}, {@code visitor} or {@code view}. */
    SELECTION_SCOPE("selection.scope", "selectionScope", "visitor", Scope.RUNTIME, false, Type.ONE_OF),
    /** The kit's public base URL, {@code scheme://host[:port][/context]}; empty takes it from each request. */
    PUBLIC_URL("public.url", "publicUrl", "", Scope.RUNTIME, false, Type.TEXT),
    /** Comma-separated origins ({@code scheme://host[:port]}) of other sites that embed through the kit cross-origin. */
    ALLOWED_ORIGINS("allowed.origins", "allowedOrigins", "", Scope.RUNTIME, false, Type.TEXT),
    /** Where pages load the qlik-embed loader from: empty serves the bundled copy, or an absolute https URL such as a CDN's. */
    LOADER_URL("loader.url", "loaderUrl", "", Scope.RUNTIME, false, Type.TEXT),
    /** Default Qlik app id of the {@code <qlik-embed>} tags and the demo page; empty means each tag names its app. */
    APP_ID("app.id", "appId", "", Scope.RUNTIME, false, Type.TEXT),
    /** Chart (object) id the demo page shows. */
    DEMO_OBJECT_ID("demo.object.id", "demoObjectId", "", Scope.RUNTIME, false, Type.TEXT),
    /** Sheet id the demo page shows. */
    DEMO_SHEET_ID("demo.sheet.id", "demoSheetId", "", Scope.RUNTIME, false, Type.TEXT),
    /** Field name the demo page's filter shows. */
    DEMO_FIELD_ID("demo.field.id", "demoFieldId", "", Scope.RUNTIME, false, Type.TEXT),
    /** What visitors may reach through the gateway: {@code embed}, {@code classic} or {@code open}. */
    ACCESS_PROFILE("access.profile", "accessProfile", "embed", Scope.RUNTIME, false, Type.ONE_OF),
    /** Whether the access profile refuses ({@code enforce}) or only counts and lists ({@code observe}). */
    ENFORCEMENT("enforcement", "enforcement", "enforce", Scope.RUNTIME, false, Type.ONE_OF),
    /** Comma-separated site-specific paths visitors may GET, such as {@code /extensions/my-chart/**}. */
    EXTRA_PATHS("extra.paths", "extraPaths", "", Scope.RUNTIME, false, Type.TEXT),
    /** Comma-separated ids of the apps whose engine visitors may open; empty takes {@link #APP_ID}. */
    ALLOWED_APPS("allowed.apps", "allowedApps", "", Scope.RUNTIME, false, Type.TEXT),
    /** Comma-separated addresses or CIDR ranges of front proxies whose {@code X-Forwarded-For} the kit believes. */
    TRUSTED_PROXIES("trusted.proxies", "trustedProxies", "", Scope.RUNTIME, false, Type.TEXT),
    /** Most engine tunnels one client may hold open at once. */
    TUNNELS_PER_CLIENT(
            "tunnels.per.client", "tunnelsPerClient", "32", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /** Most engine tunnels one client may open per minute. */
    TUNNELS_PER_MINUTE(
            "tunnels.per.minute", "tunnelsPerMinute", "120", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /** HTTP requests per second one client may send through the gateway, on average. */
    REQUESTS_PER_SECOND(
            "requests.per.second", "requestsPerSecond", "100", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /** HTTP requests one client may send through the gateway at once above the rate. */
    REQUEST_BURST("request.burst", "requestBurst", "400", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /** Most engine tunnels open at once, over all clients. */
    MAX_TUNNELS("max.tunnels", "maxTunnels", "10000", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /** Most engine identities the kit issues to one client per hour. */
    IDENTITIES_PER_HOUR(
            "identities.per.hour", "identitiesPerHour", "120", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /** Whether visitors may select in the shared selection scope: {@code refuse} or {@code allow}. */
    SHARED_SELECTIONS("shared.selections", "sharedSelections", "refuse", Scope.RUNTIME, false, Type.ONE_OF),
    /** Comma-separated ids of the bookmarks visitors may apply. */
    ALLOWED_BOOKMARKS("allowed.bookmarks", "allowedBookmarks", "", Scope.RUNTIME, false, Type.TEXT),
    /** Comma-separated names of the analytic connections (server-side extensions) whose functions visitors' expressions may call. */
    ALLOWED_ANALYTIC_CONNECTIONS(
            "allowed.analytic.connections", "allowedAnalyticConnections", "", Scope.RUNTIME, false, Type.TEXT),
    /** Largest engine message a visitor may send, in characters. */
    ENGINE_MAX_MESSAGE(
            "engine.max.message",
            "engineMaxMessage",
            "1048576",
            Scope.RUNTIME,
            false,
            Type.whole(1024, 64 * 1024 * 1024)),
    /** Deepest nesting of an engine message a visitor may send. */
    ENGINE_MAX_DEPTH("engine.max.depth", "engineMaxDepth", "64", Scope.RUNTIME, false, Type.whole(4, 1000)),
    /** Engine messages per second one tunnel may carry from the visitor, on average. */
    ENGINE_MESSAGES_PER_SECOND(
            "engine.messages.per.second",
            "engineMessagesPerSecond",
            "200",
            Scope.RUNTIME,
            false,
            Type.whole(1, Type.MAX_LIMIT)),
    /** Engine messages one tunnel may carry at once above the average. */
    ENGINE_MESSAGE_BURST(
            "engine.message.burst", "engineMessageBurst", "2000", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /** Most engine requests of one tunnel awaiting an answer. */
    ENGINE_MAX_PENDING(
            "engine.max.pending", "engineMaxPending", "1000", Scope.RUNTIME, false, Type.whole(1, Type.MAX_LIMIT)),
    /**
     * Most visitor engine sessions (distinct app and identity) kept at Qlik at once, across the cluster with a database;
     * beyond, visitors get the app's shared read-only view. {@code 0} gives every visitor that view.
     */
    ENGINE_SESSIONS("engine.sessions", "engineSessions", "200", Scope.RUNTIME, false, Type.whole(0, Type.MAX_LIMIT)),
    /** How long Qlik's engine keeps a session after its last WebSocket closed (the engine's session TTL). */
    ENGINE_SESSION_LINGER(
            "engine.session.linger",
            "engineSessionLinger",
            "0s",
            Scope.RUNTIME,
            false,
            Type.span(Duration.ZERO, Duration.ofHours(24))),
    /** Most memory the shared cache of Qlik's static assets holds, such as {@code 64MB}; {@code 0} turns it off. */
    CACHE_SIZE("cache.size", "cacheSize", "64MB", Scope.RUNTIME, false, Type.TEXT),
    /** Freshness the cache gives an asset whose answer from Qlik has less (or none); {@code 0s} keeps Qlik's own. */
    CACHE_MIN_TTL(
            "cache.min.ttl", "cacheMinTtl", "0s", Scope.RUNTIME, false, Type.span(Duration.ZERO, Duration.ofHours(24))),
    /** Folder for settings and state. */
    HOME("home", "home", "~/.qlik-anon-kit", Scope.STARTUP, false, Type.TEXT),
    /** Standalone HTTP port. */
    PORT("port", "port", "8080", Scope.STARTUP, false, Type.TEXT),
    /** Standalone bind address. */
    BIND_ADDRESS("bind.address", "bindAddress", "0.0.0.0", Scope.STARTUP, false, Type.TEXT),
    /** Standalone management port for {@code /metrics} and the health probes; empty for none. */
    MANAGEMENT_PORT("management.port", "managementPort", "", Scope.STARTUP, false, Type.TEXT),
    /** Address the management port listens on. */
    MANAGEMENT_BIND_ADDRESS(
            "management.bind.address", "managementBindAddress", "127.0.0.1", Scope.STARTUP, false, Type.TEXT),
    /** Standalone access log: {@code common}, {@code json} or {@code off}. */
    ACCESS_LOG("access.log", "accessLog", "common", Scope.STARTUP, false, Type.TEXT),
    /** Days the standalone access log's daily files are kept. */
    ACCESS_LOG_RETAIN_DAYS("access.log.retain.days", "accessLogRetainDays", "14", Scope.STARTUP, false, Type.TEXT),
    /**
     * How long the standalone server keeps serving after it is told to stop, with {@code /health/ready} answering 503,
     * so that load balancers take the node out first; then it closes its engine tunnels with 4003 and stops.
     */
    SHUTDOWN_DRAIN(
            "shutdown.drain",
            "shutdownDrain",
            "0s",
            Scope.STARTUP,
            false,
            Type.span(Duration.ZERO, Duration.ofMinutes(5))),
    /** Standalone context path. */
    CONTEXT_PATH("context.path", "contextPath", "/", Scope.STARTUP, false, Type.TEXT),
    /** Standalone admin password; generated and printed once when unset. */
    ADMIN_PASSWORD("admin.password", "adminPassword", "", Scope.STARTUP, true, Type.TEXT),
    /** JDBC URL of a shared settings database (PostgreSQL) for clusters; empty keeps settings in the home folder. */
    DATABASE_URL("database.url", "databaseUrl", "", Scope.STARTUP, false, Type.TEXT),
    /** User name for {@link #DATABASE_URL}. */
    DATABASE_USER("database.user", "databaseUser", "", Scope.STARTUP, false, Type.TEXT),
    /** Password for {@link #DATABASE_URL}. */
    DATABASE_PASSWORD("database.password", "databasePassword", "", Scope.STARTUP, true, Type.TEXT),
    /** JNDI name of a shared settings DataSource, such as {@code java:comp/env/jdbc/anonkit}; wins over the URL. */
    DATABASE_JNDI("database.jndi", "databaseJndi", "", Scope.STARTUP, false, Type.TEXT);

    /** Whether a setting can change at run time (and is persisted) or is read once at start-up. */
    public enum Scope {
        RUNTIME,
        STARTUP
    }

    /**
     * What values a setting takes: free text (checked by its own rule in {@code SettingsParser}, such as a URL or a
     * list of hosts), a whole number or a duration within a range, or one of a {@code Choice} enum's texts. The parser
     * and the README's range column read ranges and choices from here, so a new setting is one entry plus its row.
     */
    public sealed interface Type permits Type.Text, Type.Whole, Type.Span, Type.OneOf {
        /** Highest value of the rate and count limits. */
        int MAX_LIMIT = 1_000_000;
        /** Free text. */
        Text TEXT = new Text();
        /** One of the texts of the setting's {@code Choice} enum. */
        OneOf ONE_OF = new OneOf();

        /** A whole number from {@code min} to {@code max}. */
        static Whole whole(int min, int max) {
            return new Whole(min, max);
        }

        /** A duration from {@code min} to {@code max}, written as in {@code 10s}. */
        static Span span(Duration min, Duration max) {
            return new Span(min, max);
        }

        /** Free text, checked by the setting's own rule. */
        record Text() implements Type {}

        /** A whole number from {@code min} to {@code max}. */
        record Whole(int min, int max) implements Type {}

        /** A duration from {@code min} to {@code max}. */
        record Span(Duration min, Duration max) implements Type {}

        /**
         * One of the texts of the setting's {@code Choice} enum, which {@code SettingChoices} names (kept there, so that
         * this class stays free of the settings' other classes).
         */
        record OneOf() implements Type {}
    }

    private static final Map<String, SettingKey> BY_PROPERTY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(SettingKey::property, Function.identity()));
    private static final Map<String, SettingKey> BY_ENVIRONMENT = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SettingKey::environmentVariable, Function.identity()));
    private static final Map<String, SettingKey> BY_DOCUMENT =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(SettingKey::documentKey, Function.identity()));

    /** Prefix shared by all system properties and context parameters. */
    public static final String PROPERTY_PREFIX = "anonkit.";
    /** Prefix shared by all environment variables. */
    public static final String ENVIRONMENT_PREFIX = "ANONKIT_";

    private final String property;
    private final String environmentVariable;
    private final String documentKey;
    private final String defaultValue;
    private final Scope scope;
    private final boolean secret;
    private final Type type;

    SettingKey(String suffix, String defaultValue, Scope scope, boolean secret, Type type) {
        this(suffix, suffix, defaultValue, scope, secret, type);
    }

    SettingKey(String suffix, String documentKey, String defaultValue, Scope scope, boolean secret, Type type) {
        this.property = PROPERTY_PREFIX + suffix;
        this.environmentVariable = ENVIRONMENT_PREFIX + suffix.replace('.', '_').toUpperCase(Locale.ROOT);
        this.documentKey = documentKey;
        this.defaultValue = defaultValue;
        this.scope = scope;
        this.secret = secret;
        this.type = type;
    }

    /** The system property and servlet context parameter name, e.g. {@code anonkit.upstream}. */
    public String property() {
        return property;
    }

    /** The environment variable name, e.g. {@code ANONKIT_UPSTREAM}. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /**
     * The setting as messages and the docs name it: the environment variable with the property in brackets, e.g.
     * {@code ANONKIT_UPSTREAM (anonkit.upstream)}.
     */
    public String named() {
        return environmentVariable + " (" + property + ")";
    }

    /** The key in the settings document and the admin API, e.g. {@code upstream}. */
    public String documentKey() {
        return documentKey;
    }

    /** The default, as text; empty where the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Whether the setting changes at run time or only at start-up. */
    public Scope scope() {
        return scope;
    }

    /** What values the setting takes. */
    public Type type() {
        return type;
    }

    /** Whether the value is a secret that must never be shown or logged. */
    public boolean secret() {
        return secret;
    }

    /** The setting with this system property or context parameter name. */
    public static Optional<SettingKey> byProperty(String name) {
        return Optional.ofNullable(BY_PROPERTY.get(name));
    }

    /** The setting with this environment variable name. */
    public static Optional<SettingKey> byEnvironmentVariable(String name) {
        return Optional.ofNullable(BY_ENVIRONMENT.get(name));
    }

    /** The setting with this settings-document key. */
    public static Optional<SettingKey> byDocumentKey(String key) {
        return Optional.ofNullable(BY_DOCUMENT.get(key));
    }

    /** The value for display: secrets are replaced by a fixed mask. */
    public String displayValue(String value) {
        if (secret) {
            return value == null || value.isEmpty() ? "" : "(secret)";
        }
        return SafeText.quote(value);
    }
}
