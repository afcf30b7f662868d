package io.anonkit.session;

import io.anonkit.http.ContextAttributes;
import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SettingsRepository;
import io.anonkit.settings.SettingsStore;
import io.anonkit.settings.SigningKey;
import jakarta.servlet.ServletContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Engine identities that only the kit can issue. A page gets a token such as
 * {@code v.m3k2a1b.3f9a0c1b2d3e4f50.a1b2c3d4.<signature>}: its selection scope ({@code v} visitor, {@code w} view), when it
 * expires, a random 16-hex-digit identity, the id of the signing key, and an HMAC-SHA256 over all of that. The tunnel
 * accepts an identity only when its token verifies, is not expired and has the scope in force; Qlik then sees only the
 * random identity, never the token.
 *
 * <p>Keys are kept with the settings ({@link SettingsRepository#signingKeys()}), in {@code $ANONKIT_HOME} or the shared
 * database, so every node accepts what any node issued. A key signs for {@link #ROTATION}, then a new one takes over;
 * the old one still verifies for {@link #LIFETIME} more (the overlap) and is then forgotten, with every token it signed.
 */
public final class IdentityTokens {
    /** Servlet context attribute holding the application's tokens. */
    public static final String ATTRIBUTE = IdentityTokens.class.getName();
    /** How long a token is valid after it was issued. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** How long a key signs before a new one takes over. */
    public static final Duration ROTATION = Duration.ofHours(24);
    /** Shortest time between two reads of the keys for an unknown key id. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);
    /** Longest token accepted; anything longer is refused before it is parsed. */
    static final int MAX_LENGTH = 80;

    private static final Pattern TOKEN =
            Pattern.compile("([vw])\\.([0-9a-z]{1,12})\\.([0-9a-f]{16})\\.([0-9a-f]{8})\\.([A-Za-z0-9_-]{22})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SettingsRepository repository;
    private final Clock clock;
    private volatile List<SigningKey> keys;
    private volatile Instant lastReload = Instant.MIN;

    /** Tokens signed with the keys of {@code repository}. */
    public IdentityTokens(SettingsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.keys = repository.signingKeys();
    }

    /** The application's tokens, made on first use from the settings' repository. */
    public static IdentityTokens of(ServletContext context) {
        return ContextAttributes.getOrCreate(
                context,
                ATTRIBUTE,
                IdentityTokens.class,
                () -> new IdentityTokens(SettingsStore.of(context).repository(), Clock.systemUTC()));
    }

    /** A new token for {@code scope}, which must be {@code visitor} or {@code view}. */
    public String issue(SelectionScope scope) {
        if (scope == SelectionScope.SHARED) {
            throw new IllegalArgumentException("the shared scope has no engine identities");
        }
        Instant now = clock.instant();
        SigningKey key = signingKey(now);
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String payload = letter(scope) + "." + Long.toString(now.plus(LIFETIME).getEpochSecond(), 36) + "."
                + HexFormat.of().formatHex(random) + "." + key.id();
        return payload + "." + signature(key, payload);
    }

    /**
     * The identity Qlik sees for {@code token}, if the kit issued it for {@code scope} and it has not expired; empty for
     * anything else: malformed, forged, signed by a forgotten key, expired, or of another scope.
     */
    public Optional<String> verify(String token, SelectionScope scope) {
        if (scope == SelectionScope.SHARED || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher parts = TOKEN.matcher(token);
        if (!parts.matches() || !parts.group(1).equals(letter(scope))) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(parts.group(2), 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.getEpochSecond() >= expires) {
            return Optional.empty();
        }
        Optional<SigningKey> key = verifyingKey(parts.group(4), now);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String payload = token.substring(0, token.lastIndexOf('.'));
        boolean authentic = MessageDigest.isEqual(
                signature(key.get(), payload).getBytes(StandardCharsets.US_ASCII),
                parts.group(5).getBytes(StandardCharsets.US_ASCII));
        return authentic ? Optional.of(parts.group(3)) : Optional.empty();
    }

    private static String letter(SelectionScope scope) {
        return scope == SelectionScope.VISITOR ? "v" : "w";
    }

    /** The newest key if it still signs; otherwise a new key, kept with the settings, that forgets the expired ones. */
    private synchronized SigningKey signingKey(Instant now) {
        List<SigningKey> known = keys;
        if (!known.isEmpty() && known.get(known.size() - 1).created().isAfter(now.minus(ROTATION))) {
            return known.get(known.size() - 1);
        }
        known = repository.signingKeys();
        if (!known.isEmpty() && known.get(known.size() - 1).created().isAfter(now.minus(ROTATION))) {
            keys = known;
            return known.get(known.size() - 1);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        SigningKey created =
                new SigningKey(HexFormat.of().formatHex(id), Base64.getEncoder().encodeToString(secret), now);
        keys = repository.addSigningKey(created, now.minus(ROTATION).minus(LIFETIME));
        return created;
    }

    /** The key with {@code id} if it still verifies; an unknown id makes the keys be read again, at most once a second. */
    private Optional<SigningKey> verifyingKey(String id, Instant now) {
        Optional<SigningKey> key = find(keys, id);
        if (key.isEmpty() && now.isAfter(lastReload.plus(RELOAD_INTERVAL))) {
            lastReload = now;
            keys = repository.signingKeys();
            key = find(keys, id);
        }
        return key.filter(k -> k.created().isAfter(now.minus(ROTATION).minus(LIFETIME)));
    }

    private static Optional<SigningKey> find(List<SigningKey> keys, String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    private static String signature(SigningKey key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
            byte[] full = mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
            byte[] truncated = java.util.Arrays.copyOf(full, 16);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(truncated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}
