package io.anonkit.settings;

import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    /** The listener that puts the store into the servlet context, as {@code web.xml} names it. */
    public static final String BOOTSTRAP_LISTENER = "io.anonkit.settings.container.SettingsBootstrap";

    private final AtomicReference<Settings> current;
    private final SettingsRepository repository;
    private final Clock clock;
    private final List<Consumer<SettingsChanged>> listeners = new CopyOnWriteArrayList<>();
    private long revision;

    /**
     * A store that starts with {@code initial} and saves changes to {@code repository}.
     *
     * @param revision the repository's revision {@code initial} was loaded from; 0 when nothing was saved
     */
    public SettingsStore(Settings initial, long revision, SettingsRepository repository, Clock clock) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
        this.revision = revision;
        this.repository = Objects.requireNonNull(repository);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The application's store. */
    public static SettingsStore of(ServletContext context) {
        Object store = context.getAttribute(ATTRIBUTE);
        if (store instanceof SettingsStore settingsStore) {
            return settingsStore;
        }
        throw new IllegalStateException("no settings store in the servlet context: " + BOOTSTRAP_LISTENER
                + " must be the first listener in web.xml");
    }

    /** The settings in force now. */
    public Settings current() {
        return current.get();
    }

    /** The repository's revision of the settings in force; 0 while nothing was saved. */
    public synchronized long revision() {
        return revision;
    }

    /**
     * Saves {@code next} as a change by the kit itself and puts it in force. If saving fails, nothing changes and the
     * failure is thrown.
     *
     * @return the settings that were in force before
     */
    public synchronized Settings replace(Settings next) {
        Settings previous = current.get();
        change(previous, next, AuditEntry.KIT, "");
        return previous;
    }

    /**
     * Saves {@code next}, audited as a change by {@code actor} from {@code remoteAddress}, and puts it in force; the
     * next request uses it. Nothing changes if saving fails.
     *
     * @param basis the settings the change was made from; they must still be in force
     * @throws ConcurrentChangeException when other settings were put in force since {@code basis}, here or on a node
     *                                   sharing the repository
     */
    public synchronized void change(Settings basis, Settings next, String actor, String remoteAddress) {
        Objects.requireNonNull(next);
        Settings previous = current.get();
        if (previous != basis) {
            throw new ConcurrentChangeException("the settings changed since they were read");
        }
        AuditEntry entry = AuditEntry.between(previous, next, actor, remoteAddress, clock.instant());
        revision = repository.save(next, revision, entry);
        publish(previous, next);
    }

    /**
     * Puts in force what another node saved in a shared repository, if its revision is newer than the one in force.
     *
     * @return whether the settings changed
     * @throws InvalidSettingsException when the saved settings do not validate here; the settings in force stay
     */
    public synchronized boolean refresh() {
        Optional<SavedSettings> saved = repository.load();
        if (saved.isEmpty() || saved.get().revision() == revision) {
            return false;
        }
        Settings next = SettingsParser.parse(saved.get().values()::get);
        Settings previous = current.get();
        revision = saved.get().revision();
        if (next.equals(previous)) {
            return false;
        }
        publish(previous, next);
        return true;
    }

    private void publish(Settings previous, Settings next) {
        current.set(next);
        SettingsChanged change = new SettingsChanged(previous, next);
        listeners.forEach(listener -> listener.accept(change));
    }

    /** Registers a listener called after each change, on the thread that made it. */
    public void onChange(Consumer<SettingsChanged> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Where changes are saved and audited. */
    public SettingsRepository repository() {
        return repository;
    }
}
