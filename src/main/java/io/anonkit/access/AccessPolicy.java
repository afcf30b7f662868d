package io.anonkit.access;

import io.anonkit.http.Refusals;
import io.anonkit.session.IdentityTokens;
import io.anonkit.settings.AccessSettings.Profile;
import io.anonkit.settings.PathRule;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a visitor may reach through the gateway, per {@code anonkit.access.profile}: the profile's paths
 * ({@link AccessProfiles}) and the extra paths, with their methods, matched on the path as Qlik routes it
 * ({@link AccessPath}); engine WebSockets per {@link EngineSockets}. {@code OPTIONS} is allowed on an open path while
 * other sites embed through the kit ({@code anonkit.allowed.origins}), for their browsers' CORS preflights. The
 * {@code open} profile checks nothing.
 *
 * <p>A pure function of the settings and the request line: refusals are 404 for a path, 405 (with {@code Allow}) for a
 * method, 403 for an engine WebSocket; counting and enforcing them is the caller's.
 */
public final class AccessPolicy {
    private AccessPolicy() {}

    /**
     * The verdict for a request.
     *
     * @param method   the request method
     * @param rawPath  the path below the mount, as sent (already free of dot segments and empty segments)
     * @param rawQuery the query as sent, or {@code null}
     * @param upgrade  whether the request asks for a WebSocket
     */
    public static Verdict check(
            Settings settings, String method, String rawPath, String rawQuery, boolean upgrade, IdentityTokens tokens) {
        Profile profile = settings.access().profile();
        if (profile == Profile.OPEN) {
            return Verdict.Allowed.AS_SENT;
        }
        if (upgrade) {
            return EngineSockets.check(settings, rawPath, rawQuery, tokens);
        }
        Optional<String> path = AccessPath.normalise(rawPath);
        if (path.isEmpty()) {
            return Verdict.refused(Refusals.PATH_AMBIGUOUS.with(), "(ambiguous)");
        }
        String normalised = path.get();
        boolean matched = false;
        for (AccessRule rule : AccessProfiles.rules(profile)) {
            if (rule.path().matches(normalised)) {
                if (rule.methods().contains(method)) {
                    return Verdict.Allowed.AS_SENT;
                }
                matched |= !rule.methods().isEmpty();
            }
        }
        AppContent.Match content = AppContent.match(normalised, settings.allowedApps());
        if (content == AppContent.Match.IMAGE) {
            if (AccessRule.READ.contains(method)) {
                return Verdict.Allowed.AS_SENT;
            }
            matched = true;
        }
        for (PathRule extra : settings.access().extraPaths()) {
            if (extra.matches(normalised)) {
                if (AccessRule.READ.contains(method)) {
                    return Verdict.Allowed.AS_SENT;
                }
                matched = true;
            }
        }
        boolean preflights = !settings.embed().allowedOrigins().isEmpty();
        if (matched && preflights && method.equals("OPTIONS")) {
            return Verdict.Allowed.AS_SENT;
        }
        String pattern = AccessPath.pattern(normalised);
        if (!matched && content == AppContent.Match.OTHER) {
            return Verdict.refused(
                    Refusals.APP_CONTENT_NOT_IMAGE.with(
                            String.join(", ", AppContent.IMAGE_EXTENSIONS), SettingKey.ALLOWED_APPS.named()),
                    pattern);
        }
        if (!matched) {
            return Verdict.refused(
                    Refusals.PATH_NOT_OPEN.with(profile.text(), SettingKey.ACCESS_PROFILE.named()), pattern);
        }
        Set<String> methods = allowedMethods(settings, normalised, content == AppContent.Match.IMAGE);
        if (preflights) {
            methods.add("OPTIONS");
        }
        return Verdict.refused(
                Refusals.METHOD_NOT_ALLOWED
                        .with(String.join(", ", methods))
                        .withHeader("Allow", String.join(", ", methods)),
                pattern);
    }

    /**
     * Whether {@code rawPath} below the mount is one of the static routes whose answers are the same for every visitor
     * and may be kept in the shared cache: the qlik-embed runtime ({@code /qlik-embed/}), Qlik's {@code /resources/},
     * the allowed apps' images and the site's extra paths. Judged on the path as Qlik routes it; an ambiguous path is
     * none. Whether an answer is stored is then up to its headers.
     */
    public static boolean isStaticRoute(Settings settings, String rawPath) {
        Optional<String> path = AccessPath.normalise(rawPath);
        if (path.isEmpty()) {
            return false;
        }
        String normalised = path.get();
        if (startsWithIgnoringCase(normalised, "/qlik-embed/") || startsWithIgnoringCase(normalised, "/resources/")) {
            return true;
        }
        if (AppContent.match(normalised, settings.allowedApps()) == AppContent.Match.IMAGE) {
            return true;
        }
        return settings.access().extraPaths().stream().anyMatch(extra -> extra.matches(normalised));
    }

    private static boolean startsWithIgnoringCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** A short, bounded pattern of a raw path for counts and logs, such as {@code /qrs/app/**}. */
    public static String pattern(String rawPath) {
        return AccessPath.pattern(AccessPath.normalise(rawPath).orElse(rawPath));
    }

    /**
     * The methods of every rule matching the normalised path, sorted, for a refusal's {@code Allow}; {@code appImage}:
     * the path is an image of an allowed app ({@link AppContent}), as the check found.
     */
    private static Set<String> allowedMethods(Settings settings, String normalised, boolean appImage) {
        List<AccessRule> rules =
                new ArrayList<>(AccessProfiles.rules(settings.access().profile()));
        for (PathRule extra : settings.access().extraPaths()) {
            rules.add(new AccessRule(extra, AccessRule.READ));
        }
        if (appImage) {
            rules.add(new AccessRule(new PathRule(normalised, false), AccessRule.READ));
        }
        Set<String> methods = new TreeSet<>();
        for (AccessRule rule : rules) {
            if (rule.path().matches(normalised)) {
                methods.addAll(rule.methods());
            }
        }
        return methods;
    }
}
