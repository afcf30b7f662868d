package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code inspect:} as the upstream: the inspection upstream, kept as such through a save, never pooled. */
class SettingsParserInspectionTest {
    @Test
    void inspectNamesTheInspectionUpstreamInAnyCaseAndSurvivesASave() {
        for (String text : new String[] {"inspect:", "INSPECT:", " inspect: "}) {
            Settings settings = SettingsParser.parse(key -> key == SettingKey.UPSTREAM ? text : null);
            assertTrue(settings.inspecting(), text);
            assertEquals(Optional.of(Settings.INSPECTION_UPSTREAM), settings.upstream());
            assertEquals("inspect:", settings.values().get(SettingKey.UPSTREAM));
            assertEquals(settings, SettingsParser.parse(settings.values()::get), "the text form reads back the same");
            assertTrue(SettingsWarnings.of(settings).get(SettingKey.UPSTREAM).startsWith("inspect:"));
        }
        assertFalse(SettingsParser.parse(key -> key == SettingKey.UPSTREAM ? "https://qlik.example.com/hdr" : null)
                .inspecting());
        Map<SettingKey, String> none = SettingsParser.parse(key -> null).values();
        assertEquals("", none.get(SettingKey.UPSTREAM));
    }
}
