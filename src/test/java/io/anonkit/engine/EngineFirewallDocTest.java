package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/engine-firewall.md} lists every method of every rule as {@link EngineMethods} has it: those that cross
 * under their rule's heading, those that never cross on their rule's line. Only the legacy objects are named by type,
 * not method by method.
 */
class EngineFirewallDocTest {
    /** Where each rule's methods are: the text that starts its part of the doc, and the text that ends it. */
    private static final Map<MethodRule, String[]> PARTS = new EnumMap<>(Map.ofEntries(
            Map.entry(MethodRule.VIEW, new String[] {"View:", "Select:"}),
            Map.entry(MethodRule.SELECT, new String[] {"Select:", "Change the engine session's state:"}),
            Map.entry(MethodRule.SESSION_STATE, new String[] {"Change the engine session's state:", "Open the tunnel"}),
            Map.entry(MethodRule.OPEN_OWN_APP, new String[] {"Open the tunnel's app:", "Soft patch:"}),
            Map.entry(MethodRule.SOFT_PATCH, new String[] {"Soft patch:", "Apply a listed bookmark:"}),
            Map.entry(
                    MethodRule.LISTED_BOOKMARK, new String[] {"Apply a listed bookmark:", "Change a session object:"}),
            Map.entry(MethodRule.SESSION_OBJECT, new String[] {"Change a session object:", "## What the `classic`"}),
            Map.entry(MethodRule.CLASSIC, new String[] {"## What the `classic` profile adds", "## What never crosses"}),
            Map.entry(MethodRule.SCRIPT, new String[] {"- load script:", "\n"}),
            Map.entry(MethodRule.RELOAD, new String[] {"- reload:", "\n"}),
            Map.entry(MethodRule.SAVE, new String[] {"- saving and publishing:", "\n"}),
            Map.entry(MethodRule.EXPORT, new String[] {"- data export:", "\n"}),
            Map.entry(MethodRule.DATA_MODEL, new String[] {"- the data model:", "\n"}),
            Map.entry(MethodRule.CONNECTION, new String[] {"- data connections, files and folders:", "\n"}),
            Map.entry(MethodRule.APPS, new String[] {"- other apps:", "\n"}),
            Map.entry(MethodRule.AUTHORING, new String[] {"- changing the app:", "\n"}),
            Map.entry(MethodRule.SERVER, new String[] {"- the server:", "\n"}),
            Map.entry(MethodRule.INDIRECT, new String[] {"- requests in requests:", "\n"})));

    @Test
    void everyMethodIsListedUnderItsRule() throws Exception {
        String doc = Files.readString(Path.of("docs", "engine-firewall.md"));
        Map<MethodRule, Map<String, Set<String>>> listed = new EnumMap<>(MethodRule.class);
        PARTS.forEach((rule, part) -> listed.put(rule, methodsByType(part(doc, part[0], part[1]))));
        List<String> missing = new ArrayList<>();
        EngineMethods.all().forEach((key, rule) -> {
            if (rule == MethodRule.LEGACY) {
                return;
            }
            String[] parts = key.toLowerCase(Locale.ROOT).split("\\.");
            if (!listed.get(rule).getOrDefault(parts[0], Set.of()).contains(parts[1])) {
                missing.add(key + " (" + rule + ")");
            }
        });
        assertEquals(List.of(), missing, "methods the doc does not list under their rule");
        assertEquals(MethodRule.values().length - 1, PARTS.size(), "every rule but the legacy objects has its part");
    }

    private static String part(String doc, String start, String end) {
        int from = doc.indexOf(start);
        if (from < 0) {
            throw new AssertionError("the doc has no " + start);
        }
        return doc.substring(from, doc.indexOf(end, from + start.length()));
    }

    /** {@code `Type`: `A`, `B`} segments, in list lines or separated by {@code ;}, read as type to its methods. */
    private static Map<String, Set<String>> methodsByType(String part) {
        Map<String, Set<String>> methods = new HashMap<>();
        for (String segment : part.toLowerCase(Locale.ROOT).split("\n|; ")) {
            java.util.regex.Matcher type =
                    java.util.regex.Pattern.compile("`([a-z]+)`: (.*)").matcher(segment);
            if (type.find()) {
                java.util.regex.Matcher name =
                        java.util.regex.Pattern.compile("`([a-z]+)`").matcher(type.group(2));
                Set<String> names = methods.computeIfAbsent(type.group(1), t -> new HashSet<>());
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return methods;
    }
}
