package io.anonkit.embedding;

import io.anonkit.faces.EmbedDefaults;
import io.anonkit.settings.SettingsStore;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Registers the kit's {@link KitEmbedDefaults} for the Faces tags; declared in {@code web.xml} after the settings. */
public class EmbeddingBootstrap implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        SettingsStore store = SettingsStore.of(event.getServletContext());
        event.getServletContext().setAttribute(EmbedDefaults.ATTRIBUTE, new KitEmbedDefaults(store));
    }
}
