package io.anonkit.embedding;

import io.anonkit.faces.EmbedDefaults;
import io.anonkit.faces.LoaderAsset;
import io.anonkit.http.QlikPaths;
import io.anonkit.session.EngineIdentities;
import io.anonkit.settings.AccessSettings;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsStore;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The tags' defaults from the current settings: {@code data-host} is the kit's {@code /qlik} mount under the
 * {@code publicUrl} setting or, without it, under the request's own URL, but only for a host in {@code allowedHosts}
 * (when set), so a forged Host header cannot point a page at another server.
 */
public final class KitEmbedDefaults implements EmbedDefaults {
    private final SettingsStore store;

    /** Defaults read from {@code store} on every request, so setting changes apply at once. */
    public KitEmbedDefaults(SettingsStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> host(HttpServletRequest request) {
        Settings settings = store.current();
        if (settings.embed().publicUrl().isPresent()) {
            return Optional.of(settings.embed().publicUrl().get() + QlikPaths.MOUNT);
        }
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        if (!settings.allowedHosts().isEmpty() && !settings.allowedHosts().contains(host)) {
            return Optional.empty();
        }
        return Optional.of(EmbedDefaults.super.pageOrigin(request) + request.getContextPath() + QlikPaths.MOUNT);
    }

    @Override
    public String pageOrigin(HttpServletRequest request) {
        Optional<URI> publicUrl = store.current().embed().publicUrl();
        if (publicUrl.isPresent()) {
            URI url = publicUrl.get();
            return url.getScheme() + "://" + url.getRawAuthority();
        }
        return EmbedDefaults.super.pageOrigin(request);
    }

    @Override
    public String loaderUrl(HttpServletRequest request) {
        return store.current()
                .embed()
                .loaderUrl()
                .map(URI::toString)
                .orElse(request.getContextPath() + LoaderAsset.PATH);
    }

    @Override
    public Optional<String> appId() {
        String appId = store.current().embed().appId();
        return appId.isEmpty() ? Optional.empty() : Optional.of(appId);
    }

    @Override
    public boolean appAllowed(String appId) {
        Settings settings = store.current();
        return settings.access().profile() == AccessSettings.Profile.OPEN
                || settings.allowedApps().contains(appId);
    }

    @Override
    public Optional<String> identity(HttpServletRequest request) {
        return EngineIdentities.current(request, store.current());
    }

    @Override
    public boolean sharedViewForced(HttpServletRequest request) {
        return EngineIdentities.sharedViewForced(request);
    }
}
