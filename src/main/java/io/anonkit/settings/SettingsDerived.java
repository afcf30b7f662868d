package io.anonkit.settings;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A value derived from a settings snapshot, rebuilt only when the part of the settings it depends on changes, so the
 * hot path never re-derives it and a change of an unrelated setting never replaces it.
 *
 * <p>The part is named by a key function: a client built from the trust store and the connect timeout has the key
 * {@code s -> new Key(s.trustStore(), s.connectTimeout())}, and a new snapshot with the same key reuses the client. A
 * replaced value goes to the on-replace hook, which may close it (at once, or after the work it carries is done).
 *
 * <pre>{@code
 * SettingsDerived<Key, HttpClient> clients = new SettingsDerived<>(Key::of, Factory::newClient, (old, next) -> stop(old));
 * HttpClient client = clients.get(store.current());
 * }</pre>
 *
 * <p>Reads of a snapshot seen before take one volatile read; a new snapshot takes a lock, and at most one value is
 * derived per key change however many threads ask at once.
 *
 * @param <K> the key: the part of the settings the value depends on, compared with {@code equals}
 * @param <T> the derived value
 */
public final class SettingsDerived<K, T> {
    private record Entry<K, T>(Settings settings, K key, T value) {}

    private final Function<Settings, K> key;
    private final Function<Settings, T> derivation;
    private final BiConsumer<T, Settings> onReplace;
    private volatile Entry<K, T> entry;

    /**
     * Values of {@code derivation}, rebuilt when {@code key} changes.
     *
     * @param onReplace receives each replaced value and the settings that replaced it
     */
    public SettingsDerived(
            Function<Settings, K> key, Function<Settings, T> derivation, BiConsumer<T, Settings> onReplace) {
        this.key = Objects.requireNonNull(key);
        this.derivation = Objects.requireNonNull(derivation);
        this.onReplace = Objects.requireNonNull(onReplace);
    }

    /** Values of a side-effect-free {@code derivation} that depends on the whole snapshot, dropped when replaced. */
    public static <T> SettingsDerived<Settings, T> of(Function<Settings, T> derivation) {
        return new SettingsDerived<>(Function.identity(), derivation, (replaced, next) -> {});
    }

    /** The value for {@code settings}. */
    public T get(Settings settings) {
        Entry<K, T> cached = entry;
        if (cached != null && cached.settings == settings) {
            return cached.value;
        }
        return refresh(settings);
    }

    private synchronized T refresh(Settings settings) {
        Entry<K, T> cached = entry;
        if (cached != null && cached.settings == settings) {
            return cached.value;
        }
        K next = key.apply(settings);
        if (cached != null && cached.key.equals(next)) {
            entry = new Entry<>(settings, next, cached.value);
            return cached.value;
        }
        T value = derivation.apply(settings);
        entry = new Entry<>(settings, next, value);
        if (cached != null) {
            onReplace.accept(cached.value, settings);
        }
        return value;
    }

    /** The value in use now, if one was derived. */
    public Optional<T> current() {
        Entry<K, T> cached = entry;
        return cached == null ? Optional.empty() : Optional.of(cached.value);
    }
}
