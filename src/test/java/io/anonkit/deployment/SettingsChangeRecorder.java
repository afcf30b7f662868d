package io.anonkit.deployment;

import io.anonkit.settings.SettingsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bean, deployed only in tests, that records the settings changes CDI delivers. */
@ApplicationScoped
public class SettingsChangeRecorder {
    private final List<SettingsChanged> changes = new CopyOnWriteArrayList<>();

    void record(@Observes SettingsChanged change) {
        changes.add(change);
    }

    /** Changes observed so far. */
    public List<SettingsChanged> changes() {
        return List.copyOf(changes);
    }
}
