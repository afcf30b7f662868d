package io.anonkit.library;

import io.anonkit.testing.Commands;
import io.anonkit.testing.FileTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The sales site of {@code src/test/host-app}, a team's own Faces application, built as the library quick start of
 * {@code docs/deployment.md} says: the kit's library jar and POM in the local Maven repository (what
 * {@code mvn -B install -DskipTests} puts there), then {@code mvn -B package} of the host's own POM. Built once per
 * test JVM, in a copy, so the source folder stays clean.
 */
final class HostApplication {
    private static Path war;

    private HostApplication() {}

    /** The host's WAR, {@code sales-site.war}. */
    static synchronized Path war() throws Exception {
        if (war == null) {
            String version = System.getProperty("kit.version", "0.1.0-SNAPSHOT");
            String maven = System.getProperty("maven.executable", "mvn");
            // What the quick start's install puts into the local repository, from this build's own artifacts.
            Commands.run(
                    Duration.ofMinutes(3),
                    List.of(
                            maven,
                            "-B",
                            "-q",
                            "install:install-file",
                            "-Dfile=" + System.getProperty("kit.library.jar", "target/qlik-anon-kit-library.jar"),
                            "-DpomFile=pom.xml",
                            "-Dclassifier=library",
                            "-Dpackaging=jar"));
            Path copy = Files.createTempDirectory("anonkit-host-app");
            FileTree.copy(Path.of("src", "test", "host-app"), copy);
            Commands.run(
                    copy, Duration.ofMinutes(5), List.of(maven, "-B", "-q", "package", "-Danonkit.version=" + version));
            war = copy.resolve("target").resolve("sales-site.war");
        }
        return war;
    }
}
