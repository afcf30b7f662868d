package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The standalone server's start-up options are read as written and refused with the variable's name otherwise. */
class StandaloneOptionsTest {
    private static StandaloneOptions read(Map<String, String> environment) {
        Properties properties = new Properties();
        properties.setProperty("user.home", "/tmp");
        return StandaloneOptions.read(environment, properties);
    }

    @ParameterizedTest
    @CsvSource({"0s, 0", "500ms, 500", "10s, 10000", "5m, 300000"})
    void theShutdownDrainIsReadWithinItsRange(String text, long millis) {
        assertEquals(
                Duration.ofMillis(millis),
                read(Map.of("ANONKIT_SHUTDOWN_DRAIN", text)).shutdownDrain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"300001ms", "6m", "1h", "-1s", "soon", "10"})
    void aShutdownDrainOutsideItsRangeStopsTheStartWithTheVariablesName(String text) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> read(Map.of("ANONKIT_SHUTDOWN_DRAIN", text)));
        assertEquals(
                "ANONKIT_SHUTDOWN_DRAIN: '" + text + "' is not a duration from 0s to 5m; expected a whole number and a"
                        + " unit (ms, s, m or h), such as 10s",
                refused.getMessage());
    }

    @org.junit.jupiter.api.Test
    void theShutdownDrainIsOffUnlessSet() {
        assertEquals(Duration.ZERO, read(Map.of()).shutdownDrain());
    }
}
