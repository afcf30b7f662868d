package io.anonkit.settings;

import java.util.Objects;
import java.util.function.Function;

/**
 * A value computed from a settings snapshot once and reused until the snapshot changes, so the hot path never
 * re-derives it: {@code policy.get(store.current())}.
 *
 * @param <T> the derived value
 */
public final class SettingsDerived<T> {
    private record Entry<T>(Settings settings, T value) {
    }

    private final Function<Settings, T> derivation;
    private volatile Entry<T> entry;

    /** A cache for {@code derivation}, which must be side-effect free. */
    public SettingsDerived(Function<Settings, T> derivation) {
        this.derivation = Objects.requireNonNull(derivation);
    }

    /** The value derived from {@code settings}, computed at most once per snapshot. */
    public T get(Settings settings) {
        Entry<T> cached = entry;
        if (cached != null && cached.settings == settings) {
            return cached.value;
        }
        T value = derivation.apply(settings);
        entry = new Entry<>(settings, value);
        return value;
    }
}
