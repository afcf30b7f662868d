package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every setting's descriptor ({@link SettingKey#type()}) is what the parser enforces: each end of each range is
 * accepted, one step past it is refused with a message for that setting alone, and exactly the choice settings have
 * choices.
 */
class SettingRangesTest {
    /** The settings a whole number needs with it (a pool size needs the pool's identity mode, which is the default). */
    private static Settings parse(SettingKey key, String value) {
        return SettingsParser.parse(Map.of(key, value)::get);
    }

    private static void assertRefused(SettingKey key, String value) {
        InvalidSettingsException e =
                assertThrows(InvalidSettingsException.class, () -> parse(key, value), key + " must refuse " + value);
        assertEquals(java.util.Set.of(key), e.errors().keySet(), key + " " + value + ": " + e.errors());
        assertTrue(e.errors().get(key).contains("'" + value + "'"), e.errors().get(key));
    }

    @Test
    void everyWholeNumberRangeIsEnforcedAtBothEnds() {
        int checked = 0;
        for (SettingKey key : SettingKey.values()) {
            if (key.type() instanceof SettingKey.Type.Whole whole) {
                assertEquals(
                        String.valueOf(whole.min()),
                        parse(key, String.valueOf(whole.min())).values().get(key));
                assertEquals(
                        String.valueOf(whole.max()),
                        parse(key, String.valueOf(whole.max())).values().get(key));
                assertRefused(key, String.valueOf(whole.min() - 1));
                assertRefused(key, String.valueOf((long) whole.max() + 1));
                assertRefused(key, "twelve");
                int fallback = Integer.parseInt(key.defaultValue());
                assertTrue(fallback >= whole.min() && fallback <= whole.max(), key + "'s default is in its range");
                checked++;
            }
        }
        assertEquals(14, checked, "every whole-number setting");
    }

    @Test
    void everyDurationRangeIsEnforcedAtBothEnds() {
        int checked = 0;
        for (SettingKey key : SettingKey.values()) {
            // The start-up spans (the shutdown drain) are read by the standalone server: StandaloneOptionsTest.
            if (key.type() instanceof SettingKey.Type.Span span && key.scope() == SettingKey.Scope.RUNTIME) {
                parse(key, DurationText.format(span.min()));
                parse(key, DurationText.format(span.max()));
                assertRefused(key, DurationText.format(span.min().minus(Duration.ofMillis(1))));
                assertRefused(key, DurationText.format(span.max().plus(Duration.ofMillis(1))));
                assertRefused(key, "soon");
                Duration fallback = DurationText.parse(key.defaultValue()).orElseThrow();
                assertTrue(
                        fallback.compareTo(span.min()) >= 0 && fallback.compareTo(span.max()) <= 0,
                        key + "'s default is in its range");
                checked++;
            }
        }
        assertEquals(
                5,
                checked,
                "the connect, idle and WebSocket idle timeouts, the engine session linger, the cache freshness");
    }

    @Test
    void exactlyTheChoiceSettingsHaveChoices() {
        for (SettingKey key : SettingKey.values()) {
            assertEquals(
                    key.type() instanceof SettingKey.Type.OneOf,
                    !SettingChoices.of(key).isEmpty(),
                    key.name());
        }
    }
}
