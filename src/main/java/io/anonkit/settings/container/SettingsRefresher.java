package io.anonkit.settings.container;

import io.anonkit.log.SafeText;
import io.anonkit.settings.SettingsStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks for settings that other nodes saved in a shared repository every {@link #INTERVAL}, and at once when notified
 * ({@link #refreshNow}), and puts them in force, so a change on one node reaches the others within a few seconds even
 * when notifications are lost. Saved settings that do not validate on this node (for
 * example a trust store path that only exists elsewhere) are logged and left out; the settings in force stay.
 */
public final class SettingsRefresher implements AutoCloseable {
    /** How often the shared repository is read. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = System.getLogger(SettingsRefresher.class.getName());

    private final ScheduledExecutorService timer;
    private final SettingsStore store;
    private String lastProblem = "";

    private SettingsRefresher(SettingsStore store) {
        this.store = store;
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "anonkit-settings-refresher");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::refresh, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts refreshing {@code store}. */
    public static SettingsRefresher start(SettingsStore store) {
        return new SettingsRefresher(store);
    }

    /** Reads the shared repository now (on the refresher's thread, after any read under way), as when notified. */
    public void refreshNow() {
        if (!timer.isShutdown()) {
            timer.execute(this::refresh);
        }
    }

    private void refresh() {
        try {
            if (store.refresh()) {
                LOG.log(Level.INFO, "settings changed by another node put in force: " + store.current());
            }
            lastProblem = "";
        } catch (RuntimeException e) {
            String problem = SafeText.quote(e.getMessage());
            if (!problem.equals(lastProblem)) {
                LOG.log(
                        Level.WARNING,
                        "cannot take settings from " + store.repository().location() + ": " + problem);
                lastProblem = problem;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
