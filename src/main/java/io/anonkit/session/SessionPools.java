package io.anonkit.session;

import io.anonkit.settings.IdentityMode;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDerived;
import java.net.URI;
import java.util.Optional;

/**
 * The session pool of the current settings, rebuilt only when a setting it depends on changes (upstream, identity,
 * pool size), so that changing a timeout never opens new Qlik sessions while the old ones still count against the
 * user's limit.
 */
public final class SessionPools {
    private record Key(
            Optional<URI> upstream,
            IdentityMode mode,
            String header,
            String pattern,
            String directory,
            String userId,
            int poolSize,
            int userIdCount) {
        static Key of(Settings s) {
            return new Key(
                    s.upstream(),
                    s.identityMode(),
                    s.identityHeader(),
                    s.identityPattern(),
                    s.userDirectory(),
                    s.userId(),
                    s.sessions().poolSize(),
                    s.sessions().userIdCount());
        }
    }

    private final SessionOpener opener;
    private final SessionRecords records;
    private final SessionEvents events;
    private final SettingsDerived<Key, UpstreamSessionPool> pools;

    /**
     * Pools whose sessions {@code opener} opens and {@code records} keep across restarts (and nodes), telling
     * {@code events} of replacements.
     */
    public SessionPools(SessionOpener opener, SessionRecords records, SessionEvents events) {
        this.opener = opener;
        this.records = records;
        this.events = events;
        // A replaced pool's sessions stay open in Qlik until they time out; nothing in the kit uses them again.
        this.pools = new SettingsDerived<>(Key::of, this::newPool, (replaced, next) -> {});
    }

    private UpstreamSessionPool newPool(Settings settings) {
        UpstreamSessionPool pool = UpstreamSessionPool.of(settings, opener, records, events);
        records.restore(pool);
        return pool;
    }

    /** The pool built last, if any. */
    public Optional<UpstreamSessionPool> current() {
        return pools.current();
    }

    /** The pool for {@code settings}, or empty when they do not pool sessions (or inspect instead of using Qlik). */
    public Optional<UpstreamSessionPool> get(Settings settings) {
        if (!settings.sessions().pooled(settings.identityMode()) || settings.inspecting()) {
            return Optional.empty();
        }
        return Optional.of(pools.get(settings));
    }
}
