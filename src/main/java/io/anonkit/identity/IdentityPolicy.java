package io.anonkit.identity;

import io.anonkit.http.HeaderNames;
import io.anonkit.http.ReservedHeaders;
import io.anonkit.settings.IdentityMode;
import io.anonkit.settings.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What to strip and what to inject, for one settings snapshot.
 *
 * <p>Stripped, in every spelling (names are compared by {@linkplain HeaderNames#skeleton skeleton}, so case, {@code _},
 * {@code .} and other punctuation make no difference): the configured identity header, Qlik's {@code X-Qlik-*}
 * namespace except {@code X-Qlik-Xrfkey}, forwarding and override headers, and {@code Authorization}. Names with
 * characters other than letters, digits and {@code -} are {@linkplain HeaderVerdict#UNUSUAL_NAME unusual}.
 *
 * <p>Injected: exactly one header, per {@link IdentityMode}:
 * <ul>
 *   <li>{@code header-static}: {@code hdr-usr: anonymous}</li>
 *   <li>{@code header-dynamic}: {@code hdr-usr: PUBLIC\anonymous} (from the pattern {@code $ud\$id})</li>
 *   <li>{@code x-qlik-user}: {@code X-Qlik-User: UserDirectory=PUBLIC; UserId=anonymous}</li>
 *   <li>{@code none}: nothing</li>
 * </ul>
 */
public final class IdentityPolicy {
    /** Name of the header injected in the {@code x-qlik-user} mode. */
    public static final String X_QLIK_USER = "X-Qlik-User";
    /** How many distinct header spellings a policy remembers the verdict of. */
    static final int VERDICT_CACHE_SIZE = 1024;

    private final String identitySkeleton;
    private final Optional<InjectedHeader> injected;
    private final Map<String, HeaderVerdict> verdicts = new ConcurrentHashMap<>();

    /**
     * The header the gateway injects.
     *
     * @param name  its name
     * @param value its value
     */
    public record InjectedHeader(String name, String value) {}

    private IdentityPolicy(String identityHeader, Optional<InjectedHeader> injected) {
        this.identitySkeleton = HeaderNames.skeleton(identityHeader);
        this.injected = injected;
    }

    /** The policy of {@code settings}. */
    public static IdentityPolicy of(Settings settings) {
        return new IdentityPolicy(settings.identityHeader(), injected(settings, settings.userId()));
    }

    /** The header {@code settings} inject for the user {@code userId}, or empty in the {@code none} mode. */
    public static Optional<InjectedHeader> injected(Settings settings, String userId) {
        return switch (settings.identityMode()) {
            case HEADER_STATIC -> Optional.of(new InjectedHeader(settings.identityHeader(), userId));
            case HEADER_DYNAMIC ->
                Optional.of(new InjectedHeader(
                        settings.identityHeader(),
                        expand(settings.identityPattern(), settings.userDirectory(), userId)));
            case X_QLIK_USER ->
                Optional.of(new InjectedHeader(
                        X_QLIK_USER, "UserDirectory=" + settings.userDirectory() + "; UserId=" + userId));
            case NONE -> Optional.empty();
        };
    }

    /** Replaces each {@code $ud} and {@code $id} of {@code pattern} in one pass, so neither value is expanded again. */
    static String expand(String pattern, String userDirectory, String userId) {
        StringBuilder out = new StringBuilder(pattern.length() + userDirectory.length() + userId.length());
        int i = 0;
        while (i < pattern.length()) {
            if (pattern.startsWith("$ud", i)) {
                out.append(userDirectory);
                i += 3;
            } else if (pattern.startsWith("$id", i)) {
                out.append(userId);
                i += 3;
            } else {
                out.append(pattern.charAt(i++));
            }
        }
        return out.toString();
    }

    /** What to do with a client header called {@code name}. */
    public HeaderVerdict classify(String name) {
        HeaderVerdict verdict = verdicts.get(name);
        if (verdict == null) {
            verdict = decide(name);
            if (verdicts.size() < VERDICT_CACHE_SIZE) {
                verdicts.put(name, verdict);
            }
        }
        return verdict;
    }

    private HeaderVerdict decide(String name) {
        String skeleton = HeaderNames.skeleton(name);
        if (skeleton.equals(identitySkeleton)) {
            return HeaderVerdict.STRIP_IDENTITY;
        }
        Optional<ReservedHeaders.Reason> reason = ReservedHeaders.reasonToStrip(skeleton);
        if (reason.isPresent()) {
            return switch (reason.get()) {
                case QLIK_RESERVED -> HeaderVerdict.STRIP_QLIK_RESERVED;
                case FORWARDING -> HeaderVerdict.STRIP_FORWARDING;
                case CREDENTIALS -> HeaderVerdict.STRIP_CREDENTIALS;
            };
        }
        return HeaderNames.isPlain(name) ? HeaderVerdict.FORWARD : HeaderVerdict.UNUSUAL_NAME;
    }

    /** The one header to inject, or empty in the {@code none} mode. */
    public Optional<InjectedHeader> injected() {
        return injected;
    }
}
