package io.anonkit.acceptance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The acceptance suite against {@code java -jar qlik-anon-kit.war} on a newer JDK than the one running the tests: the
 * {@code java} command named by the {@code newer.java} system property, by default the Temurin 25 of the build
 * machines. The kit is built for Java 17 and deployed on whatever JDK a team runs; this leg shows it behaves the same on
 * a newer one. Skipped when that command is missing.
 */
class NewerJdkAcceptanceIT extends StandaloneAcceptanceIT {
    private static final String NEWER_JAVA = "newer.java";
    /** Jetty's start-up line names the JVM: {@code jetty-12.0.31; built: ...; jvm 25.0.3+9-LTS}. */
    private static final Pattern JETTY_JVM = Pattern.compile("; jvm (\\d+)[.+]");

    @Override
    ServerLeg start(QlikStandIn qlik) throws Exception {
        Path java = java();
        assumeTrue(Files.isExecutable(java), "no newer JDK at " + java + " (set -D" + NEWER_JAVA + "=path/to/java)");
        return super.start(qlik);
    }

    @Override
    Path java() {
        return Path.of(System.getProperty(NEWER_JAVA, "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    }

    @Test
    void runsOnTheNewerJdk() {
        KitProcess kit = kit();
        Matcher jvm = JETTY_JVM.matcher(kit.output());
        assertTrue(jvm.find(), "Jetty's start-up line names no JVM:\n" + kit.output());
        int feature = Integer.parseInt(jvm.group(1));
        assertTrue(
                feature > Runtime.version().feature(),
                "the kit ran on Java " + feature + ", not newer than the " + "tests' Java "
                        + Runtime.version().feature());
    }
}
