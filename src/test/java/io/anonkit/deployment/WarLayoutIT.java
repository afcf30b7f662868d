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
            List<String> names = Collections.list(war.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
            List<String> lib =
                    names.stream().filter(n -> n.startsWith("WEB-INF/lib/")).toList();
            for (String forbidden : List.of(
                    "jetty-server",
                    "jetty-ee10-webapp",
                    "jetty-ee10-servlet",
                    "jetty-ee10-cdi",
                    "jetty-slf4j-impl",
                    "jakarta.servlet-api",
                    "jetty-ee10-websocket",
                    "qlik-anon-kit-launcher")) {
                assertTrue(
                        lib.stream().noneMatch(n -> n.contains(forbidden)),
                        forbidden + " must not be in WEB-INF/lib: " + lib);
            }
            assertTrue(lib.stream().anyMatch(n -> n.contains("jetty-ee10-proxy")), "the proxy ships in WEB-INF/lib");
            assertTrue(
                    names.stream()
                            .noneMatch(n -> n.startsWith("WEB-INF/classes/io/anonkit/standalone/")
                                    || n.startsWith("WEB-INF/classes/io/anonkit/launcher/")),
                    "no launcher code in WEB-INF/classes");
            assertTrue(names.contains("META-INF/launcher/qlik-anon-kit-launcher.jar"));
            assertTrue(names.stream().anyMatch(n -> n.matches("META-INF/launcher/jetty-server-.*\\.jar")));
            assertEquals(
                    "io.anonkit.launcher.Main",
                    war.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals(
                    List.of("io/anonkit/launcher/Main.class"),
                    names.stream()
                            .filter(n -> n.endsWith(".class")
                                    && !n.startsWith("WEB-INF/")
                                    && !n.endsWith("package-info.class"))
                            .toList(),
                    "only the launcher's entry point sits at the WAR root");
        }
    }

    private static List<String> entries(String property, String fallback) throws Exception {
        try (JarFile jar = new JarFile(System.getProperty(property, fallback))) {
            return Collections.list(jar.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
        }
    }

    @Test
    void theEeWarLeavesCdiFacesAndJsonToTheServer() throws Exception {
        List<String> names = entries("kit.ee.war", "target/qlik-anon-kit-ee.war");
        List<String> lib =
                names.stream().filter(n -> n.startsWith("WEB-INF/lib/")).toList();
        for (String provided : List.of(
                "weld-",
                "jakarta.faces-",
                "jakarta.enterprise",
                "jakarta.inject",
                "jakarta.el-api",
                "jakarta.annotation",
                "jakarta.json-api",
                "parsson",
                "jetty-server")) {
            assertTrue(
                    lib.stream().noneMatch(n -> n.contains(provided)), provided + " must not be in the ee WAR: " + lib);
        }
        assertTrue(lib.contains("WEB-INF/lib/qlik-anon-kit-faces.jar"), lib.toString());
        assertTrue(lib.stream().anyMatch(n -> n.contains("jetty-ee10-proxy")), lib.toString());
        assertTrue(
                names.stream()
                        .noneMatch(n -> n.startsWith("META-INF/launcher/")
                                || n.contains("io/anonkit/launcher/")
                                || n.contains("io/anonkit/standalone/")),
                "no launcher in the ee WAR");
        assertTrue(names.contains("WEB-INF/web.xml") && names.contains("WEB-INF/beans.xml"));
    }

    @Test
    void theLibraryJarHoldsTheKitWithItsOwnFragmentButNoLauncherOrDemo() throws Exception {
        List<String> names = entries("kit.library.jar", "target/qlik-anon-kit-library.jar");
        for (String needed : List.of(
                "META-INF/web-fragment.xml",
                "META-INF/beans.xml",
                "META-INF/anonkit.taglib.xml",
                "META-INF/faces-config.xml",
                "META-INF/resources/qlik-anon-kit/admin/index.html",
                "io/anonkit/proxy/GatewayProxyServlet.class",
                "io/anonkit/identity/SanitisingFilter.class",
                "io/anonkit/faces/QlikEmbed.class",
                "io/anonkit/admin/settings-help.properties")) {
            assertTrue(names.contains(needed), needed + " missing from the library jar");
        }
        assertTrue(
                names.stream()
                        .noneMatch(n -> n.startsWith("io/anonkit/standalone/")
                                || n.startsWith("io/anonkit/launcher/")
                                || n.equals("io/anonkit/embedding/DemoPage.class")),
                "no launcher or demo bean in the library jar");
    }
}
