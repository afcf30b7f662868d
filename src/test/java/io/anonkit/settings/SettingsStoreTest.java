package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsStoreTest {
    private static Settings withUser(String user) {
        return SettingsParser.parse(key -> key == SettingKey.USER_ID ? user : null);
    }

    @Test
    void replaceSavesPublishesAndNotifies() {
        List<Settings> saved = new ArrayList<>();
        SettingsStore store = new SettingsStore(withUser("a"), repository(saved, false));
        List<SettingsChanged> changes = new ArrayList<>();
        store.onChange(changes::add);
        Settings next = withUser("b");
        Settings previous = store.replace(next);
        assertEquals("a", previous.userId());
        assertSame(next, store.current());
        assertEquals(List.of(next), saved);
        assertEquals(List.of(new SettingsChanged(previous, next)), changes);
    }

    @Test
    void whenSavingFailsNothingChanges() {
        SettingsStore store = new SettingsStore(withUser("a"), repository(new ArrayList<>(), true));
        List<SettingsChanged> changes = new ArrayList<>();
        store.onChange(changes::add);
        assertThrows(UncheckedIOException.class, () -> store.replace(withUser("b")));
        assertEquals("a", store.current().userId());
        assertEquals(List.of(), changes);
    }

    private static SettingsRepository repository(List<Settings> saved, boolean failing) {
        return new SettingsRepository() {
            @Override
            public Optional<Map<SettingKey, String>> load() {
                return Optional.empty();
            }

            @Override
            public void save(Settings settings) {
                if (failing) {
                    throw new UncheckedIOException(new java.io.IOException("disk full"));
                }
                saved.add(settings);
            }

            @Override
            public String location() {
                return "test";
            }
        };
    }
}
