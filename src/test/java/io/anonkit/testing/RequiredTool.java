package io.anonkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * An operating-system tool that some tests run, and the Debian package that provides it. A test calls
 * {@link #require} first (in {@code @BeforeAll}): where the tool is missing, the test is skipped with one line naming the
 * tool and its package, and {@link SkippedTestsReport} lists every such skip when the run ends. With the system
 * property {@value #REQUIRE_PROPERTY}{@code =true}, which CI sets, a missing tool fails the test instead, so CI can
 * never pass by skipping.
 */
public enum RequiredTool {
    /** Apache httpd, for the TLS front in {@code deploy/apache}. */
    APACHE("Apache httpd", "apache2", List.of("/usr/sbin/apache2")),
    /** nginx, for the TLS front and the reference gateway in {@code deploy/nginx}. */
    NGINX("nginx", "nginx", List.of("/usr/sbin/nginx", "/usr/bin/nginx")),
    /** openssl, which turns the test certificate into the PEM files the fronts read. */
    OPENSSL("openssl", "openssl", List.of("/usr/bin/openssl")),
    /** Chromium, the browser of the page tests. */
    CHROMIUM("Chromium", "chromium", List.of("/usr/bin/chromium")),
    /** ChromeDriver, which drives Chromium. */
    CHROMEDRIVER("ChromeDriver", "chromium-driver", List.of("/usr/bin/chromedriver")),
    /** PostgreSQL's server binaries, for a private database server of the cluster tests. */
    POSTGRESQL("PostgreSQL", "postgresql", List.of("/usr/lib/postgresql/*/bin/initdb")),
    /** Node.js, which runs Qlik's own JavaScript engine client (enigma.js) against the kit. */
    NODE("Node.js", "nodejs", List.of("/usr/bin/node")),
    /** npm, which fetches Qlik's open-source clients from the npm registry for the tests. */
    NPM("npm", "npm", List.of("/usr/bin/npm")),
    /** systemd-analyze, which checks the unit in {@code deploy/systemd}. */
    SYSTEMD_ANALYZE("systemd-analyze", "systemd", List.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze")),
    /** A Prometheus server, which scrapes the kit's metrics in the metrics test. */
    PROMETHEUS("Prometheus", "prometheus", List.of("/usr/bin/prometheus")),
    /** promtool, Prometheus' linter of metric names and exposition. */
    PROMTOOL("promtool", "prometheus", List.of("/usr/bin/promtool"));

    /** System property that turns a missing tool from a skip into a failure. */
    public static final String REQUIRE_PROPERTY = "require.tools";
    /** How every skip for a missing tool begins, so the report can find them. */
    static final String SKIP_PREFIX = "needs ";

    private final String tool;
    private final String debianPackage;
    private final List<String> locations;

    RequiredTool(String tool, String debianPackage, List<String> locations) {
        this.tool = tool;
        this.debianPackage = debianPackage;
        this.locations = locations;
    }

    /** Skips the calling test, or fails it under {@value #REQUIRE_PROPERTY}, unless every one of {@code tools} is here. */
    public static void require(RequiredTool... tools) {
        for (RequiredTool tool : tools) {
            if (!tool.isInstalled()) {
                String reason = SKIP_PREFIX + tool.tool + " (" + String.join(" or ", tool.locations)
                        + "), from the Debian package " + tool.debianPackage + ": apt-get install "
                        + tool.debianPackage;
                if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
                    throw new AssertionError(
                            reason + " (" + REQUIRE_PROPERTY + "=true turns this skip into a failure)");
                }
                System.out.println("[skipped] " + reason);
                Assumptions.abort(reason);
            }
        }
    }

    /** Whether the tool is at one of its locations; a {@code *} matches one folder level. */
    public boolean isInstalled() {
        return locations.stream().anyMatch(RequiredTool::exists);
    }

    private static boolean exists(String location) {
        int star = location.indexOf('*');
        if (star < 0) {
            return Files.isExecutable(Path.of(location));
        }
        Path parent = Path.of(location.substring(0, star));
        String rest = location.substring(location.indexOf('/', star) + 1);
        if (!Files.isDirectory(parent)) {
            return false;
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.anyMatch(child -> Files.isExecutable(child.resolve(rest)));
        } catch (IOException e) {
            return false;
        }
    }
}
