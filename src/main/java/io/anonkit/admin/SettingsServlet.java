package io.anonkit.admin;

import io.anonkit.settings.SettingsStore;
import jakarta.servlet.http.HttpServlet;

/** A servlet of the admin API that works on the application's {@link SettingsStore}. */
abstract class SettingsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private transient SettingsStore store;

    @Override
    public void init() {
        store = SettingsStore.of(getServletContext());
    }

    /** The application's settings store. */
    SettingsStore store() {
        return store;
    }
}
