package io.anonkit.settings.container;

import io.anonkit.settings.SettingsStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

/** Makes the application's {@link SettingsStore} injectable: {@code @Inject SettingsStore store;}. */
@ApplicationScoped
public class SettingsProducer {
    private final ServletContext context;

    /** Required by CDI for proxying; not for use. */
    protected SettingsProducer() {
        this.context = null;
    }

    /** A producer reading the store of {@code context}. */
    @Inject
    public SettingsProducer(ServletContext context) {
        this.context = context;
    }

    /** The application's store. */
    @Produces
    public SettingsStore store() {
        return SettingsStore.of(context);
    }
}
