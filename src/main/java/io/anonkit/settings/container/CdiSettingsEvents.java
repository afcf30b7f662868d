package io.anonkit.settings.container;

import io.anonkit.settings.SettingsChanged;
import io.anonkit.settings.SettingsStore;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Forwards each {@link SettingsChanged} of a store as a CDI event, so any bean can {@code @Observes} it. Where the
 * container runs no CDI, changes still reach the store's own listeners.
 */
final class CdiSettingsEvents {
    private static final Logger LOG = System.getLogger(CdiSettingsEvents.class.getName());

    private CdiSettingsEvents() {}

    static void forward(SettingsStore store) {
        store.onChange(change -> {
            try {
                CDI.current()
                        .getBeanManager()
                        .getEvent()
                        .select(SettingsChanged.class)
                        .fire(change);
            } catch (IllegalStateException e) {
                LOG.log(Level.DEBUG, "no CDI container: settings change not fired as a CDI event");
            }
        });
    }
}
