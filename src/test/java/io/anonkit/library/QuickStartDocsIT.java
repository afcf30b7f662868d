package io.anonkit.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library quick start in {@code docs/deployment.md} stays what the tests run: its Tomcat dependency block is the
 * host application's, and its list of what the library brings is what the build puts beside the library jar.
 */
class QuickStartDocsIT {
    private static final String BEGIN = "<!-- quick start: dependencies for Tomcat 10.1 (begin) -->\n";
    private static final String END = "<!-- quick start: dependencies for Tomcat 10.1 (end) -->";

    private static String docs() throws Exception {
        return Files.readString(Path.of("docs", "deployment.md"));
    }

    @Test
    void theTomcatBlockIsTheHostApplicationsOwn() throws Exception {
        String pom = Files.readString(Path.of("src", "test", "host-app", "pom.xml"));
        String block = pom.substring(pom.indexOf(BEGIN) + BEGIN.length(), pom.indexOf(END))
                .stripTrailing()
                .replace("${anonkit.version}", System.getProperty("kit.version", "0.1.0-SNAPSHOT"));
        String unindented = String.join(
                        "\n",
                        block.lines()
                                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                                .toList())
                + "\n";
        assertTrue(docs().contains("```xml\n" + unindented + "```"), "docs/deployment.md shows:\n" + unindented);
    }

    @Test
    void everyJarTheLibraryBringsIsListed() throws Exception {
        String docs = docs();
        String brings =
                docs.substring(docs.indexOf("**What the library brings**"), docs.indexOf("**Mistakes in a page.**"));
        List<String> artifacts;
        try (Stream<Path> jars =
                Files.list(Path.of(System.getProperty("kit.library.dependencies", "target/library-dependencies")))) {
            artifacts = jars.map(jar -> jar.getFileName().toString().replaceFirst("-\\d[^-]*(-[A-Za-z]+)?\\.jar$", ""))
                    .sorted()
                    .toList();
        }
        assertTrue(artifacts.size() > 10, artifacts.toString());
        for (String artifact : artifacts) {
            String shorthand = artifact.startsWith("prometheus-metrics-") && !artifact.equals("prometheus-metrics-core")
                    ? "`-" + artifact.substring("prometheus-metrics-".length()) + "`"
                    : "`" + artifact + "`";
            assertTrue(
                    brings.contains("`" + artifact + "`") || brings.contains(shorthand), artifact + " in:\n" + brings);
        }
        java.util.regex.Matcher names =
                java.util.regex.Pattern.compile("`([^`]+)`").matcher(brings);
        long listed = 0;
        while (names.find()) {
            listed += List.of("WEB-INF/lib", "/metrics", "QuickStartDocsIT").contains(names.group(1)) ? 0 : 1;
        }
        assertEquals(artifacts.size(), listed, "the list names the jars and nothing else: " + artifacts);
    }
}
