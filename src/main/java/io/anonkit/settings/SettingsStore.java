package io.anonkit.settings;

import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Publishes the settings in force. Readers call {@link #current()} once per request and use that snapshot throughout;
 * a {@link #replace} saves the new settings first, then swaps the snapshot atomically and notifies the listeners, so
 * the next request uses them without a restart.
 *
 * <p>The web application keeps its store in the servlet context attribute named after this class ({@link #ATTRIBUTE}).
 */
public final class SettingsStore {
    /** Servlet context attribute holding the application's store. */
    public static final String ATTRIBUTE = SettingsStore.class.getName();

    private final AtomicReference<Settings> current;
    private final SettingsRepository repository;
    private final List<Consumer<SettingsChanged>> listeners = new CopyOnWriteArrayList<>();

    /** A store that starts with {@code initial} and saves changes to {@code repository}. */
    public SettingsStore(Settings initial, SettingsRepository repository) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
        this.repository = Objects.requireNonNull(repository);
    }

    /** The application's store. */
    public static SettingsStore of(ServletContext context) {
        Object store = context.getAttribute(ATTRIBUTE);
        if (store instanceof SettingsStore settingsStore) {
            return settingsStore;
        }
        throw new IllegalStateException("no settings store in the servlet context: "
                + SettingsBootstrap.class.getName() + " must be the first listener in web.xml");
    }

    /** The settings in force now. */
    public Settings current() {
        return current.get();
    }

    /**
     * Saves {@code next} and puts it in force. If saving fails, nothing changes and the failure is thrown.
     *
     * @return the settings that were in force before
     */
    public synchronized Settings replace(Settings next) {
        Objects.requireNonNull(next);
        repository.save(next);
        Settings previous = current.getAndSet(next);
        SettingsChanged change = new SettingsChanged(previous, next);
        listeners.forEach(listener -> listener.accept(change));
        return previous;
    }

    /** Registers a listener called after each change, on the thread that made it. */
    public void onChange(Consumer<SettingsChanged> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Where changes are saved. */
    public SettingsRepository repository() {
        return repository;
    }
}
