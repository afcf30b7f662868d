package io.anonkit.settings;

import java.util.List;

/**
 * What anonymous visitors may reach through the gateway.
 *
 * @param profile     the paths and methods visitors may use
 * @param enforcement whether what the profile does not allow is refused or only counted and listed
 * @param extraPaths  site-specific paths visitors may GET besides the profile's
 * @param allowedApps ids of the apps whose engine visitors may open, as configured; see {@link Settings#allowedApps()}
 */
public record AccessSettings(
        Profile profile, Enforcement enforcement, List<PathRule> extraPaths, List<String> allowedApps) {
    /** The paths and methods a profile lets visitors use. */
    public enum Profile implements Choice {
        /** What the client-managed qlik-embed analytics UIs need, read-only. */
        EMBED,
        /** What {@code embed} allows, plus the Sense client that {@code classic/app} and {@code classic/chart} show. */
        CLASSIC,
        /** Everything the gateway forwards safely: no path, app or identity is checked. */
        OPEN
    }

    /** Whether the profile refuses or only observes. */
    public enum Enforcement implements Choice {
        /** What the profile does not allow is refused, and nothing of it reaches Qlik. */
        ENFORCE,
        /** Everything is forwarded; what would have been refused is counted and listed for the admin. */
        OBSERVE
    }

    /** Copies the lists so the record stays immutable. */
    public AccessSettings {
        extraPaths = List.copyOf(extraPaths);
        allowedApps = List.copyOf(allowedApps);
    }
}
