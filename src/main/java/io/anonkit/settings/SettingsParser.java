package io.anonkit.settings;

import io.anonkit.http.HeaderNames;
import io.anonkit.http.ReservedHeaders;
import io.anonkit.log.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the text of each setting into a validated {@link Settings}, collecting every error before it throws.
 *
 * <p>Error messages are API: they name the bad value (quoted, or masked when secret) and what is allowed, for example
 * {@code 'hdr_usr' is not allowed: a header name may have only letters, digits and '-' (for example hdr-usr)}.
 */
public final class SettingsParser {
    /** Longest accepted user directory, user id or pattern. */
    public static final int MAX_IDENTITY_LENGTH = 128;
    /** Longest accepted identity header name. */
    public static final int MAX_HEADER_NAME_LENGTH = 64;
    /** Longest accepted app id in {@code anonkit.allowed.apps}. */
    public static final int MAX_APP_ID_LENGTH = 128;
    /**
     * First path segments that extra paths may never open: Qlik's repository API, the QMC, the proxy's session and
     * ticket endpoints, engine sockets, the hub and the dev hub, the REST APIs and the authentication modules.
     */
    public static final List<String> NEVER_OPENED = List.of(
            "qrs",
            "qmc",
            "qps",
            "app",
            "hub",
            "dev-hub",
            "api",
            "internal_windows_authentication",
            "internal_forms_authentication");
    /** Longest accepted app, object, sheet or field id. */
    public static final int MAX_EMBED_ID_LENGTH = 256;

    static final String IDENTITY_CHARACTERS =
            "1 to " + MAX_IDENTITY_LENGTH + " visible US-ASCII characters, without space or any of ; , \\ / \" =";
    private static final Pattern HOST_NAME =
            Pattern.compile("(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-fA-F:.]+]");

    private final Function<SettingKey, String> source;
    private final Map<SettingKey, String> errors = new EnumMap<>(SettingKey.class);

    private SettingsParser(Function<SettingKey, String> source) {
        this.source = source;
    }

    /**
     * Parses and validates the run-time settings. {@code values} gives each key's text, or {@code null} for the
     * default.
     *
     * @throws InvalidSettingsException listing every invalid setting
     */
    public static Settings parse(Function<SettingKey, String> values) {
        return new SettingsParser(values).parse();
    }

    private String text(SettingKey key) {
        String value = source.apply(key);
        return value == null ? key.defaultValue() : value.trim();
    }

    private void error(SettingKey key, String message) {
        errors.putIfAbsent(key, message);
    }

    private Settings parse() {
        IdentityMode mode = choice(SettingKey.IDENTITY_MODE, IdentityMode.HEADER_STATIC);
        Optional<URI> upstream = upstream();
        String header = identityHeader(mode);
        String pattern = identityPattern(mode);
        String directory = identityPart(SettingKey.USER_DIRECTORY, mode);
        String userId = identityPart(SettingKey.USER_ID, mode);
        HostHeader hostHeader = hostHeader();
        List<String> allowedHosts = allowedHosts();
        Duration connect = duration(SettingKey.CONNECT_TIMEOUT);
        Duration idle = duration(SettingKey.IDLE_TIMEOUT);
        CookieSecure secure = choice(SettingKey.COOKIE_SECURE, CookieSecure.AUTO);
        SameSite sameSite = sameSite(secure);
        UnusualHeaderNames unusual = choice(SettingKey.UNUSUAL_HEADER_NAMES, UnusualHeaderNames.DROP);
        Optional<TrustStore> trustStore = trustStore();
        WebSocketSettings webSocket =
                new WebSocketSettings(origin(SettingKey.WEBSOCKET_ORIGIN), duration(SettingKey.WEBSOCKET_IDLE_TIMEOUT));
        SessionSettings sessions = sessions(mode, userId);
        EmbedSettings embed = new EmbedSettings(
                publicUrl(),
                loaderUrl(),
                embedId(SettingKey.APP_ID),
                embedId(SettingKey.DEMO_OBJECT_ID),
                embedId(SettingKey.DEMO_SHEET_ID),
                embedId(SettingKey.DEMO_FIELD_ID),
                allowedOrigins());
        AccessSettings access = new AccessSettings(
                choice(SettingKey.ACCESS_PROFILE, AccessSettings.Profile.EMBED),
                choice(SettingKey.ENFORCEMENT, AccessSettings.Enforcement.ENFORCE),
                extraPaths(),
                allowedApps());
        ClientSettings clients = new ClientSettings(
                trustedProxies(),
                integer(SettingKey.TUNNELS_PER_CLIENT, ""),
                integer(SettingKey.TUNNELS_PER_MINUTE, ""),
                integer(SettingKey.REQUESTS_PER_SECOND, ""),
                integer(SettingKey.REQUEST_BURST, ""),
                integer(SettingKey.MAX_TUNNELS, ""),
                integer(SettingKey.IDENTITIES_PER_HOUR, ""));
        EngineSettings engine = new EngineSettings(
                choice(SettingKey.SHARED_SELECTIONS, EngineSettings.SharedSelections.REFUSE),
                ids(SettingKey.ALLOWED_BOOKMARKS, "bookmark"),
                integer(SettingKey.ENGINE_MAX_MESSAGE, ""),
                integer(SettingKey.ENGINE_MAX_DEPTH, ""),
                integer(SettingKey.ENGINE_MESSAGES_PER_SECOND, ""),
                integer(SettingKey.ENGINE_MESSAGE_BURST, ""),
                integer(SettingKey.ENGINE_MAX_PENDING, ""),
                analyticConnections(),
                integer(SettingKey.ENGINE_SESSIONS, ""),
                duration(SettingKey.ENGINE_SESSION_LINGER));
        CacheSettings cache = new CacheSettings(cacheSize(), duration(SettingKey.CACHE_MIN_TTL));
        if (!errors.isEmpty()) {
            throw new InvalidSettingsException(errors);
        }
        return new Settings(
                upstream,
                mode,
                header,
                pattern,
                directory,
                userId,
                hostHeader,
                allowedHosts,
                connect,
                idle,
                secure,
                sameSite,
                unusual,
                trustStore,
                webSocket,
                sessions,
                embed,
                access,
                clients,
                engine,
                cache);
    }

    /** {@code anonkit.cache.size}: {@code 0}, or a whole number of KB, MB or GB (binary), at most 16GB. */
    private long cacheSize() {
        String text = text(SettingKey.CACHE_SIZE);
        java.util.regex.Matcher size =
                Pattern.compile("(?i)(\\d{1,9})(KB|MB|GB)?").matcher(text.trim());
        if (size.matches()) {
            long amount = Long.parseLong(size.group(1));
            String unit = size.group(2) == null ? "" : size.group(2).toUpperCase(java.util.Locale.ROOT);
            long bytes = switch (unit) {
                case "KB" -> amount << 10;
                case "MB" -> amount << 20;
                case "GB" -> amount << 30;
                default -> amount == 0 ? 0 : -1;
            };
            if (bytes == 0 || (bytes >= 1L << 20 && bytes <= CacheSettings.MAX_BYTES)) {
                return bytes;
            }
        }
        error(
                SettingKey.CACHE_SIZE,
                SafeText.quote(text) + " is not allowed; expected 0 (off) or a size from 1MB to"
                        + " 16GB, such as 64MB");
        return 64L << 20;
    }

    private Optional<URI> publicUrl() {
        return url(SettingKey.PUBLIC_URL, UrlRule.PUBLIC_URL);
    }

    private Optional<URI> loaderUrl() {
        return url(SettingKey.LOADER_URL, UrlRule.LOADER_URL);
    }

    private Optional<URI> upstream() {
        if (text(SettingKey.UPSTREAM).equalsIgnoreCase(Settings.INSPECTION_TEXT)) {
            return Optional.of(Settings.INSPECTION_UPSTREAM);
        }
        return url(SettingKey.UPSTREAM, UrlRule.UPSTREAM);
    }

    /**
     * What a URL setting accepts besides an absolute URL with a host and without user info, query or fragment.
     *
     * @param httpsOnly         whether plain {@code http} is refused
     * @param keepTrailingSlash whether a trailing slash stays (a file's URL) or is dropped (a base URL)
     * @param plainPath         whether dot segments, {@code ;} and percent-encodings are refused in the path
     * @param expected          the end of each error message, saying what is expected
     */
    private record UrlRule(boolean httpsOnly, boolean keepTrailingSlash, boolean plainPath, String expected) {
        static final UrlRule UPSTREAM = new UrlRule(
                false,
                false,
                true,
                "; expected an absolute http or https URL of"
                        + " the virtual proxy with its prefix, such as https://qlik.example.com/anon, without user info, query"
                        + " or fragment");
        static final UrlRule PUBLIC_URL = new UrlRule(
                false,
                false,
                false,
                "; expected the kit's public http or https"
                        + " base URL with its context path, such as https://www.example.com/analytics, without user info, query"
                        + " or fragment");
        static final UrlRule LOADER_URL = new UrlRule(
                true,
                true,
                false,
                "; expected an absolute https URL of the"
                        + " loader, such as https://cdn.jsdelivr.net/npm/@qlik/embed-web-components@1.6.0/dist/index.js, or"
                        + " empty for the bundled copy");
    }

    /** The URL setting {@code key}, normalised: scheme and authority lower-cased. */
    private Optional<URI> url(SettingKey key, UrlRule rule) {
        String text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            error(key, SafeText.quote(text) + " is not a URL" + rule.expected);
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean schemeAllowed = scheme.equals("https") || (!rule.httpsOnly && scheme.equals("http"));
        if (!uri.isAbsolute() || !schemeAllowed) {
            error(
                    key,
                    SafeText.quote(text) + " is not an " + (rule.httpsOnly ? "https" : "http or https") + " URL"
                            + rule.expected);
        } else if (uri.getHost() == null) {
            error(key, SafeText.quote(text) + " has no host name" + rule.expected);
        } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            error(key, SafeText.quote(text) + " has user info, a query or a fragment" + rule.expected);
        } else if (rule.plainPath
                && Arrays.stream(path.split("/", -1))
                        .skip(1)
                        .anyMatch(s -> s.equals(".") || s.equals("..") || s.contains(";") || s.contains("%"))) {
            error(
                    key,
                    SafeText.quote(text) + " has a dot segment, a ';' or a percent-encoding in its path"
                            + rule.expected);
        } else {
            while (!rule.keepTrailingSlash && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return Optional.of(URI.create(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT) + path));
        }
        return Optional.empty();
    }

    private String embedId(SettingKey key) {
        String text = text(key);
        if (text.length() > MAX_EMBED_ID_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            error(
                    key,
                    SafeText.quote(text) + " is not allowed; expected at most " + MAX_EMBED_ID_LENGTH
                            + " characters without control characters, such as an app id like"
                            + " 6d8bf6e9-1d7d-4b1a-9ddc-3b0d6b8a1f2e");
        }
        return text;
    }

    private List<PathRule> extraPaths() {
        String text = text(SettingKey.EXTRA_PATHS);
        List<PathRule> rules = new ArrayList<>();
        if (text.isEmpty()) {
            return rules;
        }
        String expected = "; expected paths below the virtual proxy such as /extensions/my-chart/** or"
                + " /content/default/logo.png, comma-separated: letters, digits, '-', '.', '_' and '~' in each segment,"
                + " with /** at the end for everything below";
        for (String entry : text.split(",", -1)) {
            String path = io.anonkit.http.Ascii.lowerCase(entry.trim());
            boolean prefix = path.endsWith("/**");
            String bare = prefix ? path.substring(0, path.length() - 3) : path;
            String[] segments = bare.split("/", -1);
            boolean wellFormed = bare.startsWith("/")
                    && segments.length > 1
                    && java.util.Arrays.stream(segments)
                            .skip(1)
                            .allMatch(seg -> seg.matches("[a-z0-9._~-]+") && !seg.equals(".") && !seg.equals(".."));
            if (!wellFormed) {
                error(SettingKey.EXTRA_PATHS, SafeText.quote(entry.trim()) + " is not a path" + expected);
            } else if (NEVER_OPENED.contains(segments[1]) || segments[1].startsWith("internal_")) {
                error(
                        SettingKey.EXTRA_PATHS,
                        SafeText.quote(entry.trim()) + " is not allowed: extra paths never open /"
                                + segments[1]
                                + " (Qlik's repository API, the QMC, the proxy's session and ticket endpoints,"
                                + " engine sockets, the hubs and the REST APIs stay closed to visitors)" + expected);
            } else {
                rules.add(new PathRule(bare, prefix));
            }
        }
        return rules;
    }

    private List<String> allowedApps() {
        List<String> apps = ids(SettingKey.ALLOWED_APPS, "app");
        if (apps.stream().anyMatch(app -> app.equalsIgnoreCase("engineData"))) {
            error(
                    SettingKey.ALLOWED_APPS,
                    "'engineData' is Qlik's global engine endpoint, not an app; visitors never"
                            + " reach it; list the ids of the embedded apps");
        }
        return apps;
    }

    /** A comma-separated list of Qlik ids (letters, digits, '-' and '_'), without duplicates. */
    private List<String> ids(SettingKey key, String what) {
        String text = text(key);
        List<String> ids = new ArrayList<>();
        if (text.isEmpty()) {
            return ids;
        }
        for (String entry : text.split(",", -1)) {
            String id = entry.trim();
            if (!id.matches("[A-Za-z0-9_-]{1," + MAX_APP_ID_LENGTH + "}")) {
                error(
                        key,
                        SafeText.quote(id) + " is not " + (what.equals("app") ? "an" : "a") + " " + what + " id;"
                                + " expected " + what
                                + " ids such as 6d8bf6e9-1d7d-4b1a-9ddc-3b0d6b8a1f2e (letters, digits, '-'"
                                + " and '_'), comma-separated");
            } else if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Mapping names of analytic connections as Qlik's QMC takes them: a letter, then letters, digits and '_'. */
    private List<String> analyticConnections() {
        String text = text(SettingKey.ALLOWED_ANALYTIC_CONNECTIONS);
        List<String> names = new ArrayList<>();
        if (text.isEmpty()) {
            return names;
        }
        for (String entry : text.split(",", -1)) {
            String name = entry.trim();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
                error(
                        SettingKey.ALLOWED_ANALYTIC_CONNECTIONS,
                        SafeText.quote(name) + " is not an analytic connection's"
                                + " name; expected the mapping names of the QMC's analytic connections, such as R or PythonSSE (a"
                                + " letter, then letters, digits and '_'), comma-separated");
            } else if (names.stream().noneMatch(known -> known.equalsIgnoreCase(name))) {
                names.add(name);
            }
        }
        return names;
    }

    private List<AddressRange> trustedProxies() {
        String text = text(SettingKey.TRUSTED_PROXIES);
        List<AddressRange> ranges = new ArrayList<>();
        if (text.isEmpty()) {
            return ranges;
        }
        for (String entry : text.split(",", -1)) {
            Optional<AddressRange> range = AddressRange.parse(entry);
            if (range.isEmpty()) {
                error(
                        SettingKey.TRUSTED_PROXIES,
                        SafeText.quote(entry.trim()) + " is not an IP address or CIDR range;"
                                + " expected addresses or ranges such as 127.0.0.1, 10.0.0.0/8 or fd00::/8, comma-separated,"
                                + " without host names");
            } else if (!ranges.contains(range.get())) {
                ranges.add(range.get());
            }
        }
        return ranges;
    }

    private List<String> allowedOrigins() {
        String text = text(SettingKey.ALLOWED_ORIGINS);
        List<String> origins = new ArrayList<>();
        if (text.isEmpty()) {
            return origins;
        }
        for (String entry : text.split(",", -1)) {
            originOf(SettingKey.ALLOWED_ORIGINS, entry.trim())
                    .filter(o -> !origins.contains(o))
                    .ifPresent(origins::add);
        }
        return origins;
    }

    private Optional<String> origin(SettingKey key) {
        String text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return originOf(key, text);
    }

    private Optional<String> originOf(SettingKey key, String text) {
        String expected = " is not an origin; expected scheme://host[:port] with scheme http or https, such as"
                + " https://site.example.com, without path, wildcard or trailing slash";
        int separator = text.indexOf("://");
        String scheme = separator < 0 ? "" : text.substring(0, separator).toLowerCase(Locale.ROOT);
        String authority = separator < 0 ? "" : text.substring(separator + 3);
        if (!(scheme.equals("http") || scheme.equals("https")) || authority.contains("/") || !isAuthority(authority)) {
            error(key, SafeText.quote(text) + expected);
            return Optional.empty();
        }
        return Optional.of(scheme + "://" + authority.toLowerCase(Locale.ROOT));
    }

    private SessionSettings sessions(IdentityMode mode, String userId) {
        SessionSettings.Pooling pool = choice(SettingKey.SESSION_POOL, SessionSettings.Pooling.AUTO);
        int size = integer(SettingKey.SESSION_POOL_SIZE, " (Qlik allows one user at most 5 parallel proxy sessions)");
        int count = integer(SettingKey.USER_ID_COUNT, "");
        SessionSettings.SelectionScope scope =
                choice(SettingKey.SELECTION_SCOPE, SessionSettings.SelectionScope.VISITOR);
        SessionSettings sessions = new SessionSettings(pool, size, count, scope);
        if (count > 1 && !sessions.pooled(mode)) {
            error(
                    SettingKey.USER_ID_COUNT,
                    "'" + count + "' needs the session pool: several user ids only work when "
                            + SettingKey.SESSION_POOL.documentKey()
                            + " is on (or auto, with an identity mode other than none)");
        } else if (count > 1 && userId.length() + String.valueOf(count).length() > MAX_IDENTITY_LENGTH) {
            error(
                    SettingKey.USER_ID_COUNT,
                    "'" + count + "' makes user ids longer than " + MAX_IDENTITY_LENGTH + " characters; shorten "
                            + SettingKey.USER_ID.documentKey());
        }
        return sessions;
    }

    /** The whole-number setting {@code key} within its range ({@link SettingKey.Type.Whole}); {@code why} explains it. */
    private int integer(SettingKey key, String why) {
        SettingKey.Type.Whole range = (SettingKey.Type.Whole) key.type();
        int min = range.min();
        int max = range.max();
        String text = text(key);
        if (text.matches("\\d{1,9}")) {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        error(key, SafeText.quote(text) + " is not allowed; expected a whole number from " + min + " to " + max + why);
        return Integer.parseInt(key.defaultValue());
    }

    private String identityHeader(IdentityMode mode) {
        String name = text(SettingKey.IDENTITY_HEADER);
        if (!mode.usesNamedHeader()) {
            return name;
        }
        String quoted = SafeText.quote(name);
        Optional<String> refused = ReservedHeaders.refusedByQlik(name);
        if (name.isEmpty() || name.length() > MAX_HEADER_NAME_LENGTH || !HeaderNames.isPlain(name)) {
            error(
                    SettingKey.IDENTITY_HEADER,
                    quoted + " is not allowed: a header name has 1 to " + MAX_HEADER_NAME_LENGTH
                            + " letters, digits and '-' (for example hdr-usr)");
        } else if (refused.isPresent()) {
            error(
                    SettingKey.IDENTITY_HEADER,
                    quoted + " contains " + refused.get()
                            + ", which Qlik reserves: a header-authentication virtual proxy refuses such names"
                            + " (use a name such as hdr-usr)");
        } else if (ReservedHeaders.managedByKit(name)) {
            error(
                    SettingKey.IDENTITY_HEADER,
                    quoted + " is a header that browsers, HTTP or the kit itself use,"
                            + " so it cannot carry the identity (use a name such as hdr-usr)");
        }
        return name;
    }

    private String identityPattern(IdentityMode mode) {
        String pattern = text(SettingKey.IDENTITY_PATTERN);
        if (mode != IdentityMode.HEADER_DYNAMIC) {
            return pattern;
        }
        if (!pattern.contains("$ud") || !pattern.contains("$id")) {
            error(
                    SettingKey.IDENTITY_PATTERN,
                    SafeText.quote(pattern) + " must contain both $ud and $id, as in $ud\\$id");
        } else if (pattern.length() > MAX_IDENTITY_LENGTH || !pattern.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            error(
                    SettingKey.IDENTITY_PATTERN,
                    SafeText.quote(pattern) + " must be 1 to " + MAX_IDENTITY_LENGTH
                            + " visible US-ASCII characters without spaces, such as $ud\\$id");
        }
        return pattern;
    }

    private String identityPart(SettingKey key, IdentityMode mode) {
        String value = text(key);
        if (mode == IdentityMode.NONE) {
            return value;
        }
        boolean valid = !value.isEmpty()
                && value.length() <= MAX_IDENTITY_LENGTH
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && ";,\\/\"=".indexOf(c) < 0);
        if (!valid) {
            error(key, SafeText.quote(value) + " is not allowed; expected " + IDENTITY_CHARACTERS);
        }
        return value;
    }

    private HostHeader hostHeader() {
        String text = text(SettingKey.HOST_HEADER);
        if (text.equalsIgnoreCase("client")) {
            return HostHeader.CLIENT;
        }
        if (text.equalsIgnoreCase("upstream")) {
            return HostHeader.UPSTREAM;
        }
        if (isAuthority(text)) {
            return HostHeader.fixed(text.toLowerCase(Locale.ROOT));
        }
        error(
                SettingKey.HOST_HEADER,
                SafeText.quote(text)
                        + " is not allowed; expected client, upstream, or a fixed host[:port] such as qlik.example.com:443");
        return HostHeader.CLIENT;
    }

    private static boolean isAuthority(String text) {
        String host = text;
        int colon = text.lastIndexOf(':');
        if (colon > 0 && colon > text.lastIndexOf(']')) {
            host = text.substring(0, colon);
            String port = text.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return false;
            }
        }
        return HOST_NAME.matcher(host).matches() || IPV6_LITERAL.matcher(host).matches();
    }

    private List<String> allowedHosts() {
        String text = text(SettingKey.ALLOWED_HOSTS);
        List<String> hosts = new ArrayList<>();
        if (text.isEmpty()) {
            return hosts;
        }
        for (String entry : text.split(",", -1)) {
            String host = entry.trim().toLowerCase(Locale.ROOT);
            if (!HOST_NAME.matcher(host).matches()
                    && !IPV6_LITERAL.matcher(host).matches()) {
                error(
                        SettingKey.ALLOWED_HOSTS,
                        SafeText.quote(entry.trim())
                                + " is not a bare host name; expected names such as site.example.com, comma-separated,"
                                + " without scheme, port or path");
                continue;
            }
            hosts.add(host);
        }
        return hosts;
    }

    /** The duration setting {@code key} within its range ({@link SettingKey.Type.Span}). */
    private Duration duration(SettingKey key) {
        SettingKey.Type.Span span = (SettingKey.Type.Span) key.type();
        Duration min = span.min();
        Duration max = span.max();
        String text = text(key);
        Optional<Duration> parsed = DurationText.parse(text);
        String range = " from " + DurationText.format(min) + " to " + DurationText.format(max);
        if (parsed.isEmpty()) {
            error(
                    key,
                    SafeText.quote(text) + " is not a duration; expected a whole number and a unit (ms, s, m or h),"
                            + " such as 10s," + range);
            return DurationText.parse(key.defaultValue()).orElseThrow();
        }
        if (parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
            error(key, SafeText.quote(text) + " is out of range; expected" + range);
        }
        return parsed.get();
    }

    /** The choice setting {@code key}, or {@code fallback} (of the same type) after an error. */
    private <E extends Enum<E> & Choice> E choice(SettingKey key, E fallback) {
        String text = text(key);
        Optional<E> choice = Choice.parse(fallback.getDeclaringClass(), text);
        if (choice.isEmpty()) {
            error(
                    key,
                    SafeText.quote(text) + " is not allowed; expected one of "
                            + String.join(", ", Choice.texts(fallback.getDeclaringClass())));
        }
        return choice.orElse(fallback);
    }

    private SameSite sameSite(CookieSecure secure) {
        SameSite sameSite = choice(SettingKey.COOKIE_SAMESITE, SameSite.LAX);
        if (sameSite == SameSite.NONE && secure != CookieSecure.ALWAYS) {
            error(
                    SettingKey.COOKIE_SAMESITE,
                    "'None' requires " + SettingKey.COOKIE_SECURE.documentKey()
                            + "=always: browsers drop SameSite=None cookies that are not Secure");
        }
        return sameSite;
    }

    private Optional<TrustStore> trustStore() {
        String location = text(SettingKey.TRUSTSTORE);
        String password = text(SettingKey.TRUSTSTORE_PASSWORD);
        int errorsBefore = errors.size();
        TrustStore.Type type = choice(SettingKey.TRUSTSTORE_TYPE, TrustStore.Type.PKCS12);
        if (errors.size() > errorsBefore) {
            return Optional.empty();
        }
        if (location.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(location);
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type.text());
            store.load(in, password.toCharArray());
            if (store.size() == 0) {
                error(
                        SettingKey.TRUSTSTORE,
                        SafeText.quote(location) + " holds no certificate; expected a " + type
                                + " trust store with the certificate of the Qlik server or its CA");
            }
        } catch (IOException | GeneralSecurityException e) {
            error(
                    SettingKey.TRUSTSTORE,
                    "cannot read the " + type + " trust store " + SafeText.quote(location)
                            + " (" + e.getClass().getSimpleName() + ": " + SafeText.quote(e.getMessage())
                            + "); expected a readable " + type + " file and its password in "
                            + SettingKey.TRUSTSTORE_PASSWORD.environmentVariable());
        }
        return Optional.of(new TrustStore(path, password, type));
    }
}
