package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.KitProcess;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The WAR deploys into a host container without clashes: no embedded server in {@code WEB-INF/lib}, no launcher class
 * in {@code WEB-INF/classes}, and the standalone launcher reachable only through the manifest and
 * {@code META-INF/launcher}, which containers neither load nor serve.
 */
class WarLayoutIT {
    @Test
    void embeddedServerAndLauncherStayOutOfWebInf() throws Exception {
        try (JarFile war = new JarFile(KitProcess.war().toFile())) {
            List<String> names = Collections.list(war.entries()).stream().map(ZipEntry::getName).toList();
            List<String> lib = names.stream().filter(n -> n.startsWith("WEB-INF/lib/")).toList();
            for (String forbidden : List.of("jetty-server", "jetty-ee10-webapp", "jetty-ee10-servlet", "jetty-ee10-cdi",
                    "jetty-slf4j-impl", "jakarta.servlet-api", "jetty-ee10-websocket", "qlik-anon-kit-launcher")) {
                assertTrue(lib.stream().noneMatch(n -> n.contains(forbidden)), forbidden + " must not be in WEB-INF/lib: " + lib);
            }
            assertTrue(lib.stream().anyMatch(n -> n.contains("jetty-ee10-proxy")), "the proxy ships in WEB-INF/lib");
            assertTrue(names.stream().noneMatch(n -> n.startsWith("WEB-INF/classes/io/anonkit/standalone/")
                    || n.startsWith("WEB-INF/classes/io/anonkit/launcher/")), "no launcher code in WEB-INF/classes");
            assertTrue(names.contains("META-INF/launcher/qlik-anon-kit-launcher.jar"));
            assertTrue(names.stream().anyMatch(n -> n.matches("META-INF/launcher/jetty-server-.*\\.jar")));
            assertEquals("io.anonkit.launcher.Main", war.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals(List.of("io/anonkit/launcher/Main.class"), names.stream()
                    .filter(n -> n.endsWith(".class") && !n.startsWith("WEB-INF/") && !n.endsWith("package-info.class")).toList(),
                    "only the launcher's entry point sits at the WAR root");
        }
    }
}
