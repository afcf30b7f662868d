package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docs/engine-firewall.md} lists every method that may cross, under its rule, as {@link EngineMethods} has it. */
class EngineFirewallDocTest {
    @Test
    void everyMethodThatMayCrossIsListedUnderItsRule() throws Exception {
        String doc = Files.readString(Path.of("docs", "engine-firewall.md"));
        Map<MethodRule, String> sections = Map.of(MethodRule.VIEW, section(doc, "View:", "Select:"),
                MethodRule.SELECT, section(doc, "Select:", "Change the engine session's state:"),
                MethodRule.SESSION_STATE, section(doc, "Change the engine session's state:", "Open the tunnel"),
                MethodRule.SESSION_OBJECT, section(doc, "Change a session object:", "## What the `classic`"),
                MethodRule.CLASSIC, section(doc, "## What the `classic` profile adds", "## What never crosses"));
        List<String> missing = new ArrayList<>();
        EngineMethods.all().forEach((key, rule) -> {
            String section = sections.get(rule);
            if (section == null) {
                return;
            }
            String[] parts = key.split("\\.");
            boolean listed = section.lines().anyMatch(line -> line.toLowerCase(Locale.ROOT).startsWith("- `" + parts[0] + "`")
                    && line.toLowerCase(Locale.ROOT).contains("`" + parts[1] + "`"));
            if (!listed) {
                missing.add(key + " (" + rule + ")");
            }
        });
        assertEquals(List.of(), missing, "methods the doc does not list under their rule");
    }

    private static String section(String doc, String start, String end) {
        int from = doc.indexOf(start);
        return doc.substring(from, doc.indexOf(end, from + start.length()));
    }
}
