package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table is the users' reference, so it must say what the code does: one row per
 * {@link SettingKey} with its environment variable and property, its default, every choice the admin page offers
 * ({@link SettingChoices}) and the ranges {@link SettingsParser} enforces.
 */
class ReadmeSettingsTableTest {
    /** A table row: environment variable, property, meaning, default. */
    private record Row(String environmentVariable, String property, String meaning, String defaultValue) {
        String text() {
            return meaning + " | " + defaultValue;
        }
    }

    private static final Map<String, Row> ROWS = new LinkedHashMap<>();
    private static final List<String> DUPLICATES = new ArrayList<>();

    @BeforeAll
    static void readTable() throws Exception {
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (!line.startsWith("| `" + SettingKey.ENVIRONMENT_PREFIX)) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            assertEquals(4, cells.length, "a settings row has four cells: " + line);
            Row row = new Row(unquote(cells[0]), unquote(cells[1]), cells[2].trim(), cells[3].trim());
            if (ROWS.put(row.environmentVariable(), row) != null) {
                DUPLICATES.add(row.environmentVariable());
            }
        }
    }

    private static String unquote(String cell) {
        String trimmed = cell.trim();
        assertTrue(trimmed.startsWith("`") && trimmed.endsWith("`"), "names are in backticks: " + cell);
        return trimmed.substring(1, trimmed.length() - 1);
    }

    @Test
    void everySettingHasOneRowWithItsNamesAndNoRowNamesAnUnknownSetting() {
        assertEquals(List.of(), DUPLICATES, "settings with two rows");
        List<String> expected = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            expected.add(key.environmentVariable());
            Row row = ROWS.get(key.environmentVariable());
            assertTrue(row != null, "the README has no row for " + key.environmentVariable());
            assertEquals(key.property(), row.property(), key + "'s system property");
        }
        assertEquals(expected, new ArrayList<>(ROWS.keySet()), "rows in SettingKey's order, none unknown");
    }

    @Test
    void everyDefaultIsTheCodesDefault() {
        for (SettingKey key : SettingKey.values()) {
            String written = ROWS.get(key.environmentVariable()).defaultValue();
            if (key.defaultValue().isEmpty()) {
                assertTrue(
                        written.startsWith("empty") || written.startsWith("none"),
                        key + " has no default, but the README says " + written);
            } else {
                assertTrue(
                        written.startsWith("`" + key.defaultValue() + "`"),
                        key + " defaults to " + key.defaultValue() + ", but the README says " + written);
            }
        }
    }

    @Test
    void everyChoiceIsListed() {
        for (SettingKey key : SettingKey.values()) {
            Row row = ROWS.get(key.environmentVariable());
            for (String choice : SettingChoices.of(key)) {
                assertTrue(row.text().contains("`" + choice + "`"), key + " accepts " + choice + ": " + row.text());
            }
        }
    }

    @Test
    void everyRangeIsTheParsersRange() {
        int ranged = 0;
        for (SettingKey key : SettingKey.values()) {
            String range;
            if (key.type() instanceof SettingKey.Type.Span span) {
                range = range(span.min(), span.max());
            } else if (key.type() instanceof SettingKey.Type.Whole whole) {
                range = "`" + whole.min() + "` to `" + whole.max() + "`";
            } else {
                continue;
            }
            ranged++;
            String meaning = ROWS.get(key.environmentVariable()).meaning();
            assertTrue(meaning.contains(range), key + " accepts " + range + ": " + meaning);
        }
        assertEquals(
                20,
                ranged,
                "the timeouts, the pool, the identity pool, the client and engine limits, the budget, the cache, the"
                        + " shutdown drain");
    }

    private static String range(Duration min, Duration max) {
        return "`" + DurationText.format(min) + "` to `" + DurationText.format(max) + "`";
    }
}
