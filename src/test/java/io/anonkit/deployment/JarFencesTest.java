package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Faces jar and the launcher jar are cut from the kit's classes by the file-name patterns of their executions in
 * {@code pom.xml}. A class in such a jar that uses a class left out fails only at run time, in another application or
 * under {@code java -jar}; this test reads the patterns and every class's dependencies ({@code jdeps}) and fails first:
 * <ul>
 *   <li>a Faces class may use only Faces classes, Jakarta APIs and the JDK;</li>
 *   <li>a launcher-jar class may use only launcher-jar classes, the JDK and the embedded server (Jetty, Servlet);</li>
 *   <li>the WAR-root launcher ({@code io.anonkit.launcher}) may use only itself and the JDK.</li>
 * </ul>
 * It also keeps the kit's package graph free of cycles. Compile-time constants are inlined by {@code javac}, so a use
 * of one is not seen; every other use is.
 */
class JarFencesTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final Pattern DEPENDENCY = Pattern.compile("^\\s+(io\\.anonkit\\.\\S+)\\s+->\\s+(\\S+)");
    /** Every class of the kit, by name, with the names of the classes it uses. */
    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();

    @BeforeAll
    static void readDependencies() {
        ToolProvider jdeps =
                ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("the JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(
                new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none", CLASSES.toString());
        assertEquals(0, exit, "jdeps failed: " + err);
        for (String line : out.toString().split("\\R")) {
            Matcher matcher = DEPENDENCY.matcher(line);
            if (matcher.find()) {
                DEPENDENCIES
                        .computeIfAbsent(matcher.group(1), c -> new TreeSet<>())
                        .add(matcher.group(2));
            }
        }
        assertTrue(DEPENDENCIES.size() > 100, "jdeps found the kit's classes: " + DEPENDENCIES.size());
    }

    /** The class-file patterns of a jar execution in {@code pom.xml}, as a test of class names. */
    static Predicate<String> jarContent(String executionId) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        var pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        NodeList executions = pom.getElementsByTagName("execution");
        List<Pattern> includes = new ArrayList<>();
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            NodeList id = execution.getElementsByTagName("id");
            if (id.getLength() == 0
                    || !executionId.equals(id.item(0).getTextContent().trim())) {
                continue;
            }
            NodeList patterns = execution.getElementsByTagName("include");
            for (int j = 0; j < patterns.getLength(); j++) {
                includes.add(antPattern(patterns.item(j).getTextContent().trim()));
            }
        }
        assertTrue(!includes.isEmpty(), "pom.xml has a jar execution " + executionId + " with includes");
        return className -> {
            String file = className.replace('.', '/') + ".class";
            return includes.stream().anyMatch(p -> p.matcher(file).matches());
        };
    }

    private static Pattern antPattern(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Each use, {@code class -> dependency}, by a class in {@code fenced} of a class {@code allowed} refuses. */
    static List<String> violations(Predicate<String> fenced, Predicate<String> allowed) {
        List<String> violations = new ArrayList<>();
        DEPENDENCIES.forEach((type, uses) -> {
            if (fenced.test(type)) {
                uses.stream().filter(allowed.negate()).forEach(use -> violations.add(type + " -> " + use));
            }
        });
        return violations;
    }

    private static boolean jdk(String type) {
        return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.");
    }

    @Test
    void facesClassesUseOnlyFacesJakartaAndTheJdk() throws Exception {
        Predicate<String> facesJar = jarContent("faces-jar");
        assertTrue(facesJar.test("io.anonkit.faces.QlikEmbed"), "the faces jar holds the tags");
        List<String> violations = violations(
                type -> type.startsWith("io.anonkit.faces."),
                use -> facesJar.test(use) || use.startsWith("jakarta.") || jdk(use));
        assertEquals(List.of(), violations, "Faces classes reach outside the Faces jar, Jakarta APIs and the JDK");
    }

    @Test
    void launcherJarClassesUseOnlyTheLauncherJarTheJdkAndTheEmbeddedServer() throws Exception {
        Predicate<String> launcherJar = jarContent("launcher-jar");
        assertTrue(launcherJar.test("io.anonkit.standalone.StandaloneServer"), "the launcher jar holds the server");
        List<String> violations = violations(
                launcherJar,
                use -> launcherJar.test(use)
                        || jdk(use)
                        || use.startsWith("org.eclipse.jetty.")
                        || use.startsWith("jakarta.servlet."));
        assertEquals(List.of(), violations, "launcher classes use classes the launcher jar leaves out");
    }

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        DEPENDENCIES.forEach((type, uses) -> {
            String from = packageOf(type);
            Set<String> to = graph.computeIfAbsent(from, p -> new TreeSet<>());
            uses.stream()
                    .filter(use -> use.startsWith("io.anonkit."))
                    .map(JarFencesTest::packageOf)
                    .filter(p -> !p.equals(from))
                    .forEach(to::add);
        });
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, new ArrayList<>(List.of(start))).ifPresent(cycles::add);
        }
        assertEquals(List.of(), cycles, "packages that depend on each other");
    }

    private static java.util.Optional<String> findCycle(
            Map<String, Set<String>> graph, String start, List<String> path) {
        for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                return java.util.Optional.of(String.join(" -> ", path) + " -> " + start);
            }
            if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                java.util.Optional<String> cycle = findCycle(graph, start, path);
                if (cycle.isPresent()) {
                    return cycle;
                }
                path.remove(path.size() - 1);
            }
        }
        return java.util.Optional.empty();
    }

    private static String packageOf(String type) {
        return type.substring(0, type.lastIndexOf('.'));
    }

    @Test
    void theWarRootLauncherUsesOnlyItselfAndTheJdk() {
        List<String> violations = violations(
                type -> type.startsWith("io.anonkit.launcher."),
                use -> use.startsWith("io.anonkit.launcher.") || jdk(use));
        assertEquals(List.of(), violations, "the WAR-root launcher runs before any library is on the class path");
        assertTrue(Files.isRegularFile(CLASSES.resolve("io/anonkit/launcher/Main.class")), "the launcher was compiled");
    }
}
