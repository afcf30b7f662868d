package io.anonkit.health;

import io.anonkit.database.DatabaseConnections;
import io.anonkit.http.ContextAttributes;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsStore;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dependencies every node shares, Qlik's virtual proxy and the shared database, and whether each answers now. They
 * show in {@code /health/dependencies} and in {@code anonkit_dependency_up}, for an operator to alert on; they do not
 * make a node unready, since taking a node out of rotation cannot fix what all nodes share.
 */
public final class DependencyChecks {
    private static final String ATTRIBUTE = DependencyChecks.class.getName();

    private final ServletContext context;
    private final UpstreamProbe upstream = new UpstreamProbe(Clock.systemUTC());
    private final Optional<DatabaseProbe> database;

    private DependencyChecks(ServletContext context) {
        this.context = context;
        this.database = context.getAttribute(DatabaseConnections.ATTRIBUTE) instanceof DatabaseConnections.Named named
                ? Optional.of(new DatabaseProbe(named.source(), Clock.systemUTC()))
                : Optional.empty();
    }

    /** The application's checks, created with their first use. */
    public static DependencyChecks of(ServletContext context) {
        return ContextAttributes.getOrCreate(
                context, ATTRIBUTE, DependencyChecks.class, () -> new DependencyChecks(context));
    }

    /** Whether {@code url} accepts connections, with when and why not; a result is reused for {@link UpstreamProbe#MAX_AGE}. */
    UpstreamProbe.Result upstream(java.net.URI url) {
        return upstream.check(url);
    }

    /**
     * Each dependency and whether it answers, reusing a result for {@link UpstreamProbe#MAX_AGE}: {@code upstream} once
     * settings are loaded (false when none is set), {@code database} where the kit has one.
     */
    public Map<String, Boolean> current() {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        if (context.getAttribute(SettingsStore.ATTRIBUTE) instanceof SettingsStore store) {
            Settings settings = store.current();
            checks.put(
                    "upstream",
                    settings.upstream().map(url -> upstream(url).reachable()).orElse(false));
        }
        database.ifPresent(probe -> checks.put("database", probe.check().reachable()));
        return checks;
    }
}
