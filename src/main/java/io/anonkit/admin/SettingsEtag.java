package io.anonkit.admin;

import io.anonkit.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The entity tag of a settings snapshot: a digest of its non-secret values, so every node holding the same settings
 * gives the same tag and no tag reveals a secret. A change of a secret alone keeps the tag; that cannot lose an
 * update, because a document that does not set a secret keeps the one in force.
 */
final class SettingsEtag {
    private SettingsEtag() {}

    /** The quoted strong entity tag of {@code settings}. */
    static String of(Settings settings) {
        StringBuilder canonical = new StringBuilder();
        settings.values().forEach((key, value) -> {
            if (!key.secret()) {
                canonical.append(key.documentKey()).append('=').append(value).append('\n');
            }
        });
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Whether an {@code If-Match} header value matches {@code etag}; a missing header matches. */
    static boolean matches(String ifMatch, String etag) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return true;
        }
        for (String candidate : ifMatch.split(",")) {
            if (candidate.trim().equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
